/* 连心 12315 — the agent workstation (web/workstation). Plain JavaScript, no build step, no inline code (CSP).
   State bar and answering go through the API (/api/v1/agent/…, /api/v1/calls/…); the screen pop arrives as the
   live event "call.offered" and loads its panel with htmx; the draft of each call is kept in localStorage and on
   the server (/api/v1/drafts/<key>/) so nothing typed is lost on a reload or a dropped network. */
(function () {
  "use strict";
  var body = document.body;
  var statebar = document.getElementById("statebar");
  var callArea = document.getElementById("call-area");
  if (!statebar || !callArea) { return; }
  var STATE_LABELS = { signed_out: "签出", ready: "就绪", ringing: "振铃", talking: "通话", wrap_up: "话后整理", "break": "小休" };
  var saveTimer = null;
  var serverTimer = null;
  var pendingServerSave = null;  // {key, data}: what is typed and not yet on the server
  var typedSinceRestore = false;  // the agent typed after the panel appeared: a late server draft must not overwrite it
  var restoredForm = null;  // the registration form whose draft has been restored: only its content is a draft

  function toast(text, tone) { if (window.lianxin && window.lianxin.toast) { window.lianxin.toast(text, { tone: tone }); } }

  function api(method, url, payload, keepalive) {
    var options = { method: method, credentials: "same-origin", headers: { "Accept": "application/json" }, keepalive: !!keepalive };
    var token = body.getAttribute("data-csrf-token");
    if (token) { options.headers["X-CSRFToken"] = token; }
    if (payload !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(payload);
    }
    return fetch(url, options).then(function (response) {
      if (response.status === 204) { return {}; }
      return response.json().then(function (data) {
        if (!response.ok) { var error = new Error(data.message || "操作未完成"); error.payload = data; throw error; }
        return data;
      });
    });
  }

  // ---- state bar ------------------------------------------------------------------------------------
  function showState(data) {
    statebar.setAttribute("data-state", data.state);
    statebar.setAttribute("data-since", data.since || "");
    statebar.setAttribute("data-wrap-up-until", data.wrap_up_until || "");
    document.getElementById("state-label").textContent = data.state_label || STATE_LABELS[data.state] || data.state;
    var signedIn = data.state !== "signed_out";
    document.getElementById("signin-form").hidden = signedIn;
    document.getElementById("state-actions").hidden = !signedIn;
    hideStateError();
    tick();
  }
  function stateError(error) {
    var box = document.getElementById("state-error");
    box.textContent = error.message;
    box.hidden = false;
  }
  function hideStateError() { document.getElementById("state-error").hidden = true; }

  function setState(target) {
    var payload = { state: target };
    if (target === "break") { payload.reason_code = document.getElementById("break-reason").value; }
    return api("POST", "/api/v1/agent/state/", payload).then(showState).catch(stateError);
  }

  document.getElementById("signin-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var extension = document.getElementById("extension").value.trim();
    api("POST", "/api/v1/agent/sign-in/", { extension: extension }).then(showState).catch(stateError);
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-state-target]"), function (button) {
    button.addEventListener("click", function () { setState(button.getAttribute("data-state-target")); });
  });
  document.addEventListener("lx:agent.state", function (event) { showState(event.detail); });

  function two(n) { return (n < 10 ? "0" : "") + n; }
  function clockText(seconds) {
    seconds = Math.max(0, Math.floor(seconds));
    return two(Math.floor(seconds / 60)) + ":" + two(seconds % 60);
  }
  function tick() {
    var since = Date.parse(statebar.getAttribute("data-since") || "");
    document.getElementById("state-timer").textContent = isNaN(since) ? "" : clockText((Date.now() - since) / 1000);
    var wrap = document.getElementById("wrapup-timer");
    var until = Date.parse(statebar.getAttribute("data-wrap-up-until") || "");
    if (statebar.getAttribute("data-state") === "wrap_up" && !isNaN(until)) {
      var left = (until - Date.now()) / 1000;
      wrap.hidden = false;
      wrap.textContent = "话后整理剩余 " + clockText(left);
      if (left <= 0 && !wrap.getAttribute("data-sent")) {
        wrap.setAttribute("data-sent", "1");
        setState("ready");
      }
    } else {
      wrap.hidden = true;
      wrap.removeAttribute("data-sent");
    }
    var callTimer = document.getElementById("call-timer");
    if (callTimer) {
      var start = Date.parse(callTimer.getAttribute("data-since") || "");
      callTimer.textContent = isNaN(start) ? "" : "通话 " + clockText((Date.now() - start) / 1000);
    }
  }
  window.setInterval(tick, 1000);
  tick();

  // ---- the screen pop ---------------------------------------------------------------------------------
  function currentCall() { var box = document.getElementById("ws-call"); return box ? box.getAttribute("data-call-id") : ""; }

  document.addEventListener("lx:call.offered", function (event) {
    var data = event.detail || {};
    // The same offer again (a replay after the live stream reconnected, a PBX retry) for the call on screen: keep
    // the panel and what the agent has typed. Only a call that was withdrawn and is offered again comes back.
    var box = document.getElementById("ws-call");
    if (data.call_id && data.call_id === currentCall() && box && !box.hasAttribute("data-withdrawn")) { return; }
    // When the pop reached this screen (the browser tests compare it with the moment the PBX sent newCall).
    document.documentElement.setAttribute("data-pop-call", data.call_id || "");
    document.documentElement.setAttribute("data-pop-at", String(Date.now()));
    var url = callArea.getAttribute("data-panel-url").replace("CALL_ID", encodeURIComponent(data.call_id));
    window.htmx.ajax("GET", url, { target: "#call-area", swap: "innerHTML" });
    document.title = "来电 " + (data.history && data.history.number ? data.history.number : "") + " · 坐席工作台";
  });
  document.addEventListener("lx:call.withdrawn", function (event) {
    if (event.detail && event.detail.call_id === currentCall()) {
      document.getElementById("ws-call").setAttribute("data-withdrawn", "1");
      var button = document.getElementById("btn-answer");
      if (button) { button.remove(); }
      toast("来电已挂断或已转给其他坐席。", "warning");
    }
  });

  function answer() {
    var button = document.getElementById("btn-answer");
    if (!button) { return; }
    var callId = button.getAttribute("data-call-id");
    api("POST", "/api/v1/calls/" + encodeURIComponent(callId) + "/answer/").then(function (call) {
      button.remove();
      var timer = document.getElementById("call-timer");
      if (timer) { timer.setAttribute("data-since", call.answered_at || new Date().toISOString()); }
      var first = document.getElementById("id_contact_name");
      if (first) { first.focus(); }
      // Our own action: show the new state at once rather than wait for its live echo.
      return api("GET", "/api/v1/agent/").then(function (me) { showState(me.session); });
    }).catch(function (error) { toast(error.message, "error"); });
  }
  callArea.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest("button") : null;
    if (!target) { return; }
    if (target.id === "btn-answer") { answer(); }
    if (target.classList.contains("ws-attach")) { attach(target); }
    if (target.classList.contains("ws-use-entry")) { useEntry(target); }
    if (target.classList.contains("ws-uncite")) { target.closest("li").remove(); saveDraft(); }
    if (target.id === "btn-add-co") { addCoRow(); }
  });

  // ---- the form: kind, legal panel, duplicates, dispatch --------------------------------------------------
  function form() { return document.getElementById("reg-form"); }
  function field(name) { var f = form(); return f ? f.querySelector("[name='" + name + "']") : null; }

  function syncKind() {
    var f = form(); var kind = field("kind"); var online = field("respondent_online_role");
    var joint = field("is_joint"); var mixed = field("is_mixed");
    if (f && kind) { f.setAttribute("data-kind", kind.value); }
    if (f && online) { f.setAttribute("data-online", online.value ? "1" : "0"); }
    if (f && joint) { f.setAttribute("data-joint", joint.checked ? "1" : "0"); }
    if (f && mixed) { f.setAttribute("data-mixed", mixed.checked ? "1" : "0"); }
  }

  // 共同投诉: one more row of co-complainant inputs (a copy of the last row, renumbered; the formset's count follows).
  function addCoRow() {
    var rows = document.getElementById("co-rows");
    var total = field("co-TOTAL_FORMS");
    if (!rows || !total) { return; }
    var last = rows.querySelector("tr.ws-co-row:last-child");
    if (!last) { return; }
    var index = parseInt(total.value, 10) || 0;
    var row = last.cloneNode(true);
    Array.prototype.forEach.call(row.querySelectorAll("input"), function (input) {
      input.name = input.name.replace(/^co-\d+-/, "co-" + index + "-");
      if (input.id) { input.id = input.id.replace(/^id_co-\d+-/, "id_co-" + index + "-"); }
      if (input.type === "checkbox") { input.checked = false; } else { input.value = ""; }
    });
    rows.appendChild(row);
    total.value = String(index + 1);
    var first = row.querySelector("input");
    if (first) { first.focus(); }
  }

  function attach(button) {
    var list = document.getElementById("cited");
    var id = button.getAttribute("data-article-id");
    if (!list || list.querySelector("[data-article-id='" + id + "']")) { return; }
    var item = document.createElement("li");
    item.setAttribute("data-article-id", id);
    var input = document.createElement("input");
    input.type = "hidden"; input.name = "article_ids"; input.value = id;
    input.setAttribute("form", "reg-form");
    var text = document.createElement("span");
    text.textContent = button.getAttribute("data-citation");
    var remove = document.createElement("button");
    remove.type = "button"; remove.className = "button small ws-uncite"; remove.textContent = "移除";
    item.appendChild(input); item.appendChild(text); item.appendChild(remove);
    list.appendChild(item);
    button.textContent = "已引用";
    saveDraft();
  }
  function attachFirst() {
    var buttons = document.querySelectorAll("#legal-results .ws-attach");
    for (var i = 0; i < buttons.length; i += 1) {
      var id = buttons[i].getAttribute("data-article-id");
      if (!document.querySelector("#cited [data-article-id='" + id + "']")) { attach(buttons[i]); return; }
    }
  }
  function useEntry(button) {
    var hidden = field("answer_entry_id");
    if (hidden) { hidden.value = button.getAttribute("data-entry-id"); }
    var note = field("answer_note");
    if (note && !note.value.trim()) { note.value = button.getAttribute("data-answer"); }
    var label = document.getElementById("answer-entry-label");
    if (label) { label.textContent = "所用口径：" + button.getAttribute("data-title"); }
    saveDraft();
  }
  function linkFirst() {
    var choice = document.querySelector(".ws-link-choice");
    if (choice) { choice.checked = true; choice.dispatchEvent(new Event("change", { bubbles: true })); }
  }

  callArea.addEventListener("change", function (event) {
    var target = event.target;
    if (target.name === "kind" || target.name === "respondent_online_role" || target.name === "is_joint" || target.name === "is_mixed") { syncKind(); }
    if (target.classList && target.classList.contains("ws-link-choice")) {
      var hidden = field("link_work_order_id");
      if (hidden) { hidden.value = target.value; }
    }
    saveDraft(!event.isTrusted);
  });
  callArea.addEventListener("input", function (event) {
    if (event.isTrusted) { typedSinceRestore = true; }
    saveDraft(!event.isTrusted);
  });

  // ---- drafts ---------------------------------------------------------------------------------------------
  function draftKey() { var box = document.getElementById("ws-call"); return box ? box.getAttribute("data-draft-key") : "free"; }
  function storageKey() { return "lianxin-draft:" + (statebar.getAttribute("data-user") || "") + ":" + draftKey(); }

  function collect() {
    var f = form(); var data = { fields: {}, cited: [] };
    if (!f) { return data; }
    Array.prototype.forEach.call(f.elements, function (el) {
      if (!el.name || el.name === "csrfmiddlewaretoken" || el.name === "article_ids" || el.type === "radio") { return; }
      data.fields[el.name] = el.type === "checkbox" ? el.checked : el.value;
    });
    Array.prototype.forEach.call(document.querySelectorAll("#cited li"), function (li) {
      data.cited.push({ id: li.getAttribute("data-article-id"), citation: li.querySelector("span").textContent });
    });
    return data;
  }
  function saveDraft(quiet) {
    // A new panel's form, before its draft is restored (htmx and the browser fire change events while swapping),
    // is empty: saving it would wipe the draft it is about to show.
    if (!form() || form() !== restoredForm) { return; }
    // localStorage at once: a reload or a closed tab a moment after the last keystroke must not lose it. Only the
    // status line waits, so that a screen reader is not told "saved" on every key.
    var key = draftKey();
    var data = collect();
    try { window.localStorage.setItem(storageKey(), JSON.stringify(data)); } catch (ignored) { /* full */ }
    window.clearTimeout(saveTimer);
    if (!quiet) { saveTimer = window.setTimeout(function () { draftStatus("草稿已保存", "local"); }, 200); }
    window.clearTimeout(serverTimer);
    // Another call's draft still waiting (its panel was just replaced): send it now rather than drop it.
    if (pendingServerSave && pendingServerSave.key !== key) { saveOnServer(false, true); }
    // The data go with their key: the timer may fire after the next call's panel has replaced this one.
    pendingServerSave = { key: key, data: data };
    serverTimer = window.setTimeout(function () { serverTimer = null; saveOnServer(false, quiet); }, 1200);
  }
  function draftStatus(text, saved) {
    var status = document.getElementById("draft-status");
    if (!status) { return; }
    if (text) { status.textContent = text; }
    status.setAttribute("data-saved", saved);
  }
  function saveOnServer(leaving, quiet) {
    var pending = pendingServerSave; var key = pending.key;
    pendingServerSave = null;
    // keepalive lets the request outlive the page when the agent reloads or closes it.
    return api("PUT", "/api/v1/drafts/" + encodeURIComponent(key) + "/", { data: pending.data }, leaving).then(function () {
      // quiet: a save after restoring keeps "已恢复未提交的草稿" on the status line.
      if (!leaving && key === draftKey()) { draftStatus(quiet ? "" : "草稿已保存", "server"); }
    }).catch(function () {
      if (!leaving && key === draftKey()) { draftStatus("网络中断：草稿保存在本机", "local"); }
    });
  }
  window.addEventListener("pagehide", function () {
    if (pendingServerSave) { window.clearTimeout(serverTimer); saveOnServer(true); }
  });
  function apply(data) {
    if (!data || !data.fields) { return false; }
    var f = form(); var changed = false;
    Object.keys(data.fields).forEach(function (name) {
      var el = f.querySelector("[name='" + name + "']");
      if (!el || name === "call_id") { return; }
      if (el.type === "checkbox") { el.checked = !!data.fields[name]; } else if (data.fields[name] !== "" && data.fields[name] !== null) { el.value = data.fields[name]; changed = true; }
    });
    (data.cited || []).forEach(function (item) {
      var fake = document.createElement("button");
      fake.setAttribute("data-article-id", item.id); fake.setAttribute("data-citation", item.citation);
      attach(fake);
    });
    syncKind();
    ["id_respondent_address", "id_facts", "id_respondent_name"].forEach(function (id) {
      var el = document.getElementById(id);
      if (el && el.value) { el.dispatchEvent(new Event("input", { bubbles: true })); }
    });
    var kind = field("kind"); if (kind) { kind.dispatchEvent(new Event("change", { bubbles: true })); }
    var status = document.getElementById("draft-status");
    if (status && changed) { status.textContent = "已恢复未提交的草稿"; }
    return changed;
  }
  function restore() {
    restoredForm = form();
    if (!restoredForm) { return; }
    syncKind();
    var local = null;
    try { local = JSON.parse(window.localStorage.getItem(storageKey()) || "null"); } catch (ignored) { local = null; }
    if (local && apply(local)) { return; }
    typedSinceRestore = false;
    callArea.removeAttribute("data-server-draft");
    var key = draftKey();
    api("GET", "/api/v1/drafts/" + encodeURIComponent(key) + "/").then(function (draft) {
      // On a slow network the answer may come after the agent began typing (then what they typed wins), or after
      // the next call's panel replaced this one (then it is not this form's draft).
      if (key !== draftKey() || !draft || !draft.data) { return; }
      if (typedSinceRestore) { callArea.setAttribute("data-server-draft", "kept-typing"); return; }
      apply(draft.data);
      callArea.setAttribute("data-server-draft", "applied");
    }).catch(function () { /* offline: nothing to restore from the server */ });
  }
  function clearDraft(key) {
    // A save still waiting would put back on the server the draft of a call that is registered now.
    if (pendingServerSave && pendingServerSave.key === key) { window.clearTimeout(serverTimer); pendingServerSave = null; }
    // Registered: nothing is left to save, so the status line no longer says "草稿已保存".
    window.clearTimeout(saveTimer);
    var status = document.getElementById("draft-status");
    if (status) { status.textContent = ""; status.removeAttribute("data-saved"); }
    try { window.localStorage.removeItem("lianxin-draft:" + (statebar.getAttribute("data-user") || "") + ":" + key); } catch (ignored) { /* */ }
    api("DELETE", "/api/v1/drafts/" + encodeURIComponent(key) + "/").catch(function () { /* */ });
  }

  // ---- submitting, inline errors, result -------------------------------------------------------------------
  function clearErrors() {
    Array.prototype.forEach.call(document.querySelectorAll("#reg-form .ws-inline-error"), function (p) { p.remove(); });
    Array.prototype.forEach.call(document.querySelectorAll("#reg-form [aria-invalid]"), function (el) { el.removeAttribute("aria-invalid"); });
  }
  document.addEventListener("htmx:beforeRequest", function (event) {
    if (event.detail.elt && event.detail.elt.id === "reg-form") { clearErrors(); }
  });
  // A new panel is restored once htmx has settled it: its panels' triggers (the law panel listens for input on the
  // facts) exist only then, and the restored text must reach them.
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target;
    if (!target || target.id !== "call-area") { return; }
    restore();
    var first = document.getElementById("btn-answer") || document.getElementById("id_contact_name");
    if (first) { first.focus(); }
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (!target) { return; }
    if (target.id === "form-errors") {
      var firstBad = null;
      Array.prototype.forEach.call(target.querySelectorAll("[data-field]"), function (li) {
        var name = li.getAttribute("data-field");
        var el = document.querySelector("#reg-form [name='" + name + "']");
        if (!el) { return; }
        el.setAttribute("aria-invalid", "true");
        var p = document.createElement("p");
        p.className = "field-error ws-inline-error"; p.setAttribute("role", "alert");
        p.textContent = li.textContent.replace(/^[^：]*：/, "");
        el.insertAdjacentElement("afterend", p);
        if (!firstBad) { firstBad = el; }
      });
      if (firstBad) { firstBad.focus(); }
    }
    if (target.id === "call-result") {
      var done = document.getElementById("registered");
      if (done) {
        var errors = document.getElementById("form-errors"); if (errors) { errors.innerHTML = ""; }
        clearDraft(done.getAttribute("data-draft-key"));
        var submit = document.getElementById("btn-submit"); if (submit) { submit.disabled = true; }
        toast("已登记 " + done.getAttribute("data-number"), "success");
      }
    }
  });

  // ---- keys -------------------------------------------------------------------------------------------------
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey && event.key === "Enter") {
      var f = form(); if (f) { event.preventDefault(); f.requestSubmit(); }
      return;
    }
    if (!event.altKey || event.ctrlKey || event.metaKey) { return; }
    var key = (event.key || "").toLowerCase();
    var actions = {
      r: function () { setState("ready"); },
      b: function () { setState("break"); },
      o: function () { setState("signed_out"); },
      a: answer,
      n: function () { window.htmx.ajax("GET", document.getElementById("btn-free").getAttribute("hx-get"), { target: "#call-area", swap: "innerHTML" }); },
      j: attachFirst,
      l: linkFirst,
      f: function () { var facts = document.getElementById("id_facts"); if (facts) { facts.focus(); } }
    };
    if (actions[key]) { event.preventDefault(); actions[key](); }
  });

  // The panel served with the page: after htmx has processed the page (its DOMContentLoaded handler runs first).
  // A deferred script runs while readyState is "interactive", before DOMContentLoaded.
  if (document.readyState === "complete") { restore(); } else { document.addEventListener("DOMContentLoaded", restore); }
})();
