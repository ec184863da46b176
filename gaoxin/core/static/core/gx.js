/* Shared page behaviours as data attributes, so that no template needs an inline handler
   (the Content-Security-Policy allows script from our static files only):
     <select data-gx-autosubmit>        submits its form on change
     <form data-gx-confirm="问题？">     asks before submitting; cancelling stops the submit
     <input data-gx-select>              selects its text on click
     <button data-gx-print>              prints the page
     <a data-gx-back href="#">           goes back in history
   One listener per event on the document, so rows swapped in by htmx work too. */
(function () {
  "use strict";
  function closest(event, selector) {
    return event.target instanceof Element ? event.target.closest(selector) : null;
  }
  document.addEventListener("change", function (event) {
    var el = closest(event, "[data-gx-autosubmit]");
    if (el && el.form) { el.form.submit(); }
  });
  document.addEventListener("submit", function (event) {
    var form = closest(event, "form[data-gx-confirm]");
    if (form && !window.confirm(form.getAttribute("data-gx-confirm"))) { event.preventDefault(); }
  });
  document.addEventListener("click", function (event) {
    var el = closest(event, "[data-gx-select]");
    if (el && typeof el.select === "function") { el.select(); }
    if (closest(event, "[data-gx-print]")) { window.print(); }
    if (closest(event, "a[data-gx-back]")) {
      event.preventDefault();
      window.history.back();
    }
  });
})();
