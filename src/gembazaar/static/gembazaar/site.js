// Progressive enhancement only: every control below also works without JavaScript.
(function () {
  "use strict";

  // Pickers and sort menus submit on change; their "Go" buttons are for no-JS browsers.
  document.addEventListener("change", function (event) {
    var select = event.target.closest("select[data-autosubmit]");
    if (select && select.form) select.form.submit();
  });

  // Mobile menu: the nav is visible by default (no JS); with JS it opens on demand.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-menu]");
    if (!button) return;
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    document.documentElement.classList.toggle("menu-open", open);
  });

  // Gallery: thumbnails link to the full picture; with JS they swap the main picture instead.
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-gallery-full]");
    var main = document.getElementById("gallery-main");
    if (!link || !main) return;
    event.preventDefault();
    main.src = link.getAttribute("data-gallery-full");
    main.removeAttribute("width");
    main.removeAttribute("height");
    document.querySelectorAll("[data-gallery-full]").forEach(function (other) {
      other.removeAttribute("aria-current");
    });
    link.setAttribute("aria-current", "true");
  });
  // --- Search ---------------------------------------------------------------------------------
  // Without JS the filter form submits with its "Apply filters" button and every link is a plain
  // link. With JS, htmx swaps the panel (#search-panel) and this code adds the small comforts.

  var root = document.documentElement;

  function setFiltersOpen(open) {
    root.classList.toggle("filters-open", open);
    document.querySelectorAll("[data-filters-open]").forEach(function (button) {
      button.setAttribute("aria-expanded", String(open));
    });
    var drawer = document.getElementById("search-filters-drawer");
    if (open && drawer) drawer.focus();
    if (!open) {
      var toggle = document.querySelector("[data-filters-open]");
      if (toggle && toggle.offsetParent) toggle.focus();
    }
  }
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-filters-open]")) setFiltersOpen(true);
    else if (event.target.closest("[data-filters-close]")) setFiltersOpen(false);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && root.classList.contains("filters-open")) setFiltersOpen(false);
  });

  // Remember which filter groups the buyer opened or closed: a swap re-renders them.
  var groupOpen = {};
  document.addEventListener("toggle", function (event) {
    var details = event.target;
    if (details.tagName === "DETAILS" && details.id && details.closest("[data-search-panel]")) {
      groupOpen[details.id] = details.open;
    }
  }, true);

  // htmx events are plain DOM events: listen whether or not htmx has loaded yet.
  {
    // Leave empty boxes out of the URL (?carat_min=&carat_max= says nothing).
    document.body.addEventListener("htmx:configRequest", function (event) {
      var data = event.detail.formData;
      if (!data || !event.detail.elt.closest("[data-search-panel]")) return;
      var names = {};
      data.forEach(function (value, name) {
        if (!(name in names)) names[name] = false;
        if (typeof value !== "string" || value.trim() !== "") names[name] = true;
      });
      Object.keys(names).forEach(function (name) { if (!names[name]) data.delete(name); });
    });
    // A bad parameter answers 400 with a readable panel: show it instead of ignoring it.
    document.body.addEventListener("htmx:beforeSwap", function (event) {
      var target = event.detail && event.detail.target;
      if (target && target.id === "search-panel" && event.detail.xhr && event.detail.xhr.status === 400) {
        event.detail.shouldSwap = true;
        event.detail.isError = false;
      }
    });
    document.body.addEventListener("htmx:afterSwap", function (event) {
      var target = event.detail && event.detail.target;
      if (!target || target.id !== "search-panel") return;
      Object.keys(groupOpen).forEach(function (id) {
        var details = document.getElementById(id);
        if (details) details.open = groupOpen[id];
      });
      // A page of results replaced by links at the bottom: start reading at the top again.
      var trigger = event.detail.requestConfig && event.detail.requestConfig.elt;
      if (trigger && trigger.closest && trigger.closest(".pagination, .relaxations")) {
        var head = document.querySelector(".search-head");
        if (head) head.scrollIntoView({ block: "start" });
      }
    });
  }

  // Two-thumb slider over each range facet's histogram; it snaps to the bin edges and writes the
  // min/max boxes, which stay the real form fields.
  function enhanceRange(range) {
    var slider = range.querySelector("[data-slider]");
    var minBox = range.querySelector("[data-range-min]");
    var maxBox = range.querySelector("[data-range-max]");
    var edges;
    try { edges = JSON.parse(range.getAttribute("data-edges") || "[]").map(Number); } catch (e) { edges = []; }
    if (!slider || !minBox || !maxBox || edges.length < 3 || slider.getAttribute("data-ready")) return;
    slider.setAttribute("data-ready", "1");
    var last = edges.length - 1;
    var bars = range.querySelectorAll(".histogram__bar");

    // The thumb for a typed bound: the nearest edge outside it, so the slider never hides a result.
    function indexFor(value, fallback, roundUp) {
      if (value === "" || isNaN(Number(value))) return fallback;
      var v = Number(value), i;
      if (roundUp) { for (i = 0; i < last && edges[i] < v; i++); return i; }
      for (i = last; i > 0 && edges[i] > v; i--);
      return i;
    }
    function thumb(label, value) {
      var input = document.createElement("input");
      input.type = "range"; input.min = "0"; input.max = String(last); input.step = "1"; input.value = String(value);
      input.setAttribute("aria-label", label);
      return input;
    }
    var track = document.createElement("div");
    track.className = "range__track";
    var fill = document.createElement("div");
    fill.className = "range__fill";
    track.appendChild(fill);
    // The thumbs' names differ from the boxes' (an accessible name per control): data-label-*.
    var low = thumb(slider.getAttribute("data-label-min") || "min", indexFor(minBox.value, 0, false));
    var high = thumb(slider.getAttribute("data-label-max") || "max", indexFor(maxBox.value, last, true));
    slider.append(track, low, high);
    slider.hidden = false;

    function paint() {
      var lo = Number(low.value), hi = Number(high.value);
      slider.style.setProperty("--lo", (lo / last * 100) + "%");
      slider.style.setProperty("--hi", (hi / last * 100) + "%");
      bars.forEach(function (bar) {
        var i = Number(bar.getAttribute("data-bin"));
        bar.classList.toggle("is-inside", i >= lo && i < hi);
      });
    }
    function write(event) {
      if (Number(low.value) > Number(high.value)) {
        if (event.target === low) low.value = high.value; else high.value = low.value;
      }
      minBox.value = Number(low.value) === 0 ? "" : String(edges[Number(low.value)]);
      maxBox.value = Number(high.value) === last ? "" : String(edges[Number(high.value)]);
      paint();
    }
    [low, high].forEach(function (input) {
      input.addEventListener("input", write);
      // Release: tell the form, once; htmx listens for "change" on it.
      input.addEventListener("change", function (event) {
        event.stopPropagation();
        write(event);
        (event.target === low ? minBox : maxBox).dispatchEvent(new Event("change", { bubbles: true }));
      });
    });
    paint();
  }
  function enhanceRanges(scope) {
    (scope || document).querySelectorAll("[data-range]").forEach(enhanceRange);
  }
  document.addEventListener("DOMContentLoaded", function () { enhanceRanges(document); });
  document.addEventListener("htmx:load", function (event) { enhanceRanges(event.target); });
})();
