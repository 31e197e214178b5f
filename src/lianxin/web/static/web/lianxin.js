/* 连心 12315 — the shared behaviour of the staff screens (ADR 0013). Plain JavaScript, no build step.
   - htmx requests carry the CSRF token (read from <body data-csrf-token>);
   - window.lianxin.toast(text, {tone, href}) shows a short notice; a live message with data.toast shows one too;
   - htmx errors become Chinese toasts instead of silence. */
(function () {
  "use strict";
  var body = document.body;

  document.addEventListener("htmx:configRequest", function (event) {
    var token = body.getAttribute("data-csrf-token");
    if (token) { event.detail.headers["X-CSRFToken"] = token; }
  });

  function toast(text, options) {
    options = options || {};
    var box = document.getElementById("toasts");
    if (!box) { return; }
    var item = document.createElement(options.href ? "a" : "div");
    item.className = "toast" + (options.tone ? " toast-" + options.tone : "");
    item.textContent = text;
    if (options.href) { item.href = options.href; }
    item.setAttribute("role", options.tone === "error" ? "alert" : "status");
    box.appendChild(item);
    window.setTimeout(function () { item.remove(); }, options.seconds ? options.seconds * 1000 : 8000);
  }

  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    var message = "操作未完成（" + status + "），请重试。";
    try {
      var payload = JSON.parse(event.detail.xhr.responseText);
      if (payload && payload.message) { message = payload.message; }
    } catch (ignored) { /* an HTML error page: keep the generic text */ }
    toast(message, { tone: "error" });
  });
  document.addEventListener("htmx:sendError", function () {
    toast("网络连接中断，内容未提交，请稍后重试。", { tone: "error" });
  });

  document.addEventListener("lx:message", function (event) {
    var message = event.detail;
    if (message && message.data && message.data.toast) {
      toast(message.data.toast, { tone: message.data.tone, href: message.data.href });
    }
  });

  window.lianxin = window.lianxin || {};
  window.lianxin.toast = toast;
})();
