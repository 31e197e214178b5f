/* 连心 12315 — the browser side of the live-push layer (ADR 0013).
   One EventSource per page on /live/stream/. Each message {id, channel, type, data} is re-dispatched on
   `document` twice: as "lx:<type>" (detail = data) for screens that listen to one kind of event, and as
   "lx:message" (detail = the whole message). htmx can refresh a fragment with
   hx-trigger="lx:workorder.dispatched from:document". The browser reconnects by itself and sends
   Last-Event-ID, so messages sent while it was away are replayed by the server. */
(function () {
  "use strict";
  var script = document.getElementById("live-script");
  if (!script || !window.EventSource) { return; }
  var url = script.getAttribute("data-stream-url");
  var status = document.getElementById("live-status");

  function setState(state) {
    if (status) { status.setAttribute("data-state", state); }
    document.documentElement.setAttribute("data-live", state);
  }

  var source = new EventSource(url, { withCredentials: true });
  setState("connecting");
  source.addEventListener("open", function () { setState("open"); });
  source.addEventListener("error", function () {
    setState(source.readyState === EventSource.CLOSED ? "error" : "connecting");
  });
  source.addEventListener("message", function (event) {
    var message;
    try { message = JSON.parse(event.data); } catch (ignored) { return; }
    document.dispatchEvent(new CustomEvent("lx:" + message.type, { detail: message.data }));
    document.dispatchEvent(new CustomEvent("lx:message", { detail: message }));
  });
  window.lianxin = window.lianxin || {};
  window.lianxin.liveSource = source;
})();
