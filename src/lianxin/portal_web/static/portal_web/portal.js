/* 12315 public sites: htmx requests carry the CSRF token from the form they belong to. No inline script (CSP). */
(function () {
  "use strict";
  document.addEventListener("htmx:configRequest", function (event) {
    var form = event.detail.elt.closest("form");
    var token = form ? form.querySelector("input[name=csrfmiddlewaretoken]") : null;
    if (token) { event.detail.headers["X-CSRFToken"] = token.value; }
  });
})();
