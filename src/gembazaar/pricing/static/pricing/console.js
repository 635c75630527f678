// Recording a rate reprices every metal-linked listing in the same request (seconds at a
// million listings): show that it is working, and keep a second click from sending it twice.
(function () {
  function reset(form) {
    form.removeAttribute("aria-busy");
    form.querySelectorAll("button[type=submit]").forEach(function (button) { button.disabled = false; });
    form.querySelectorAll("[data-busy]").forEach(function (busy) { busy.hidden = true; });
  }
  document.querySelectorAll("form[data-busy-form]").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.setAttribute("aria-busy", "true");
      form.querySelectorAll("[data-busy]").forEach(function (busy) { busy.hidden = false; });
      // After the submission has started: a disabled button would not submit the form.
      window.setTimeout(function () {
        form.querySelectorAll("button[type=submit]").forEach(function (button) { button.disabled = true; });
      }, 0);
    });
  });
  // Back from the next page (back-forward cache): the form is usable again.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) { document.querySelectorAll("form[data-busy-form]").forEach(reset); }
  });
})();
