/* 连心 12315 — the handler's screens (issue 10): live news in the inbox, saved views, confirmations. */
(function () {
  "use strict";
  var news = document.getElementById("inbox-news");
  function announce(text) {
    if (news) { news.classList.remove("hidden"); }
    if (window.lianxin && window.lianxin.toast) { window.lianxin.toast(text); }
  }
  document.addEventListener("lx:work_order.dispatched", function (event) {
    if (news) { announce("新分送工单 " + ((event.detail && event.detail.number) || "")); }
  });
  document.addEventListener("lx:approval.requested", function () { announce("有新的待审批事项"); });
  document.addEventListener("lx:notification.created", function (event) {
    var count = document.getElementById("unread-count");
    if (count) { count.textContent = String((parseInt(count.textContent, 10) || 0) + 1); }
    if (window.lianxin && window.lianxin.toast && event.detail) { window.lianxin.toast(event.detail.title); }
  });

  // Saved views: named filter sets kept in this browser (no personal data: only the filter query string).
  var KEY = "lianxin.handling.views";
  var list = document.getElementById("saved-view-list");
  var save = document.getElementById("save-view");
  function load() {
    try { return JSON.parse(window.localStorage.getItem(KEY) || "[]"); } catch (ignored) { return []; }
  }
  function render() {
    if (!list) { return; }
    list.textContent = "";
    load().forEach(function (view, index) {
      var link = document.createElement("a");
      link.href = "?" + view.query;
      link.textContent = view.name;
      link.className = "tag saved-view";
      list.appendChild(link);
      var drop = document.createElement("button");
      drop.type = "button";
      drop.className = "link";
      drop.textContent = "×";
      drop.setAttribute("aria-label", "删除视图 " + view.name);
      drop.addEventListener("click", function () {
        var views = load();
        views.splice(index, 1);
        window.localStorage.setItem(KEY, JSON.stringify(views));
        render();
      });
      list.appendChild(drop);
    });
  }
  if (save) {
    save.addEventListener("click", function () {
      var name = window.prompt("视图名称");
      if (!name) { return; }
      var views = load();
      views.push({ name: name, query: window.location.search.replace(/^\?/, "") });
      window.localStorage.setItem(KEY, JSON.stringify(views));
      render();
    });
  }
  render();

  // Steps that decide against someone ask once more.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
})();
