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
})();
