/* 连心 12315 — the center's 待分送 queue (web/work_orders/queue.py): a unit's return arrives live. */
(function () {
  "use strict";
  var news = document.getElementById("queue-news");
  document.addEventListener("lx:work_order.returned", function (event) {
    if (news) { news.classList.remove("hidden"); }
    if (window.lianxin && window.lianxin.toast) {
      window.lianxin.toast("工单 " + ((event.detail && event.detail.number) || "") + " 被承办单位退回，待重新分送。");
    }
  });
})();
