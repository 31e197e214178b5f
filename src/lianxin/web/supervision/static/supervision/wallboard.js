/* Wallboard: a live message about work orders or calls refreshes the figures at once (the fragment also
   refreshes every 2 s). Messages come from web/live.js as "lx:message". */
(function () {
  "use strict";
  var pending = false;
  document.addEventListener("lx:message", function (event) {
    var type = (event.detail && event.detail.type) || "";
    if (type.indexOf("work_order.") !== 0 && type.indexOf("call.") !== 0 && type.indexOf("agent.") !== 0) { return; }
    if (pending) { return; }
    pending = true;
    window.setTimeout(function () {
      pending = false;
      document.dispatchEvent(new CustomEvent("lx:wallboard-refresh"));
    }, 200);
  });
})();
