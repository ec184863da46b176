/* Evaluator (评价器) kiosk. Plain JS, no framework.
 *
 * - Authenticates with its device token (localStorage "gx.kiosk.token", set on the pairing page).
 * - Polls the prompt API about every second; shows the rating screen for a completed case.
 * - Every rating goes first into a localStorage queue keyed by its client UUID
 *   (crypto.randomUUID()), then is sent; it leaves the queue only on a 2xx or a definitive 4xx.
 *   While the server is unreachable the queue is retried with backoff; the API is idempotent
 *   on the UUID, so a retry after a lost response never stores a rating twice.
 */
(function () {
  "use strict";
  var TOKEN_KEY = "gx.kiosk.token";
  var QUEUE_KEY = "gx.kiosk.queue";
  var DONE_KEY = "gx.kiosk.done";
  var POLL_MS = 1000;
  var HEARTBEAT_MS = 30000;
  var THANKS_MS = 4000;
  var RATE_TIMEOUT_MS = 120000;
  var root = document.getElementById("kiosk");
  var text = JSON.parse(document.getElementById("kiosk-i18n").textContent);
  var token = localStorage.getItem(TOKEN_KEY);
  var state = { screen: "", caseNumber: null, level: null, tags: [], shownAt: 0, backoff: 1000, sending: false, online: true };

  function $(id) { return document.getElementById(id); }
  function show(name) {
    ["unpaired", "idle", "rate", "thanks"].forEach(function (s) { $("screen-" + s).hidden = s !== name; });
    state.screen = name;
  }
  function headers(extra) {
    var h = { "X-Device-Token": token, "Accept": "application/json" };
    for (var k in extra || {}) { h[k] = extra[k]; }
    return h;
  }

  /* ---- the local queue ---------------------------------------------------------------- */
  function readQueue() {
    try { return JSON.parse(localStorage.getItem(QUEUE_KEY) || "{}"); } catch (e) { return {}; }
  }
  function writeQueue(q) { localStorage.setItem(QUEUE_KEY, JSON.stringify(q)); renderQueue(q); }
  function renderQueue(q) {
    var n = Object.keys(q || readQueue()).length;
    $("kiosk-queue").hidden = n === 0;
    $("kiosk-queue").textContent = text.queued + " " + n;
  }
  function enqueue(item) { var q = readQueue(); q[item.uuid] = item; writeQueue(q); }
  function dequeue(uuid) { var q = readQueue(); delete q[uuid]; writeQueue(q); }

  function rememberDone(number) {
    var done = [];
    try { done = JSON.parse(localStorage.getItem(DONE_KEY) || "[]"); } catch (e) { done = []; }
    done.push(number);
    localStorage.setItem(DONE_KEY, JSON.stringify(done.slice(-50)));
  }
  function isDone(number) {
    try { return JSON.parse(localStorage.getItem(DONE_KEY) || "[]").indexOf(number) >= 0; } catch (e) { return false; }
  }

  function setOnline(ok) {
    state.online = ok;
    var net = $("kiosk-net");
    net.textContent = ok ? text.online : text.offline;
    net.classList.toggle("is-offline", !ok);
  }

  function sendOne(item) {
    return fetch(root.dataset.rateUrl, {
      method: "POST", headers: headers({ "Content-Type": "application/json" }), body: JSON.stringify(item),
      credentials: "omit", cache: "no-store",
    }).then(function (resp) {
      if (resp.ok) { return "sent"; }
      if (resp.status === 401 || resp.status === 403) { return "auth"; }
      if (resp.status === 429 || resp.status === 408 || resp.status >= 500) { return "retry"; }
      return "rejected"; // a definitive 4xx (already rated, window closed…): retrying cannot help
    });
  }

  function flush() {
    if (state.sending || !token) { return; }
    var q = readQueue();
    var ids = Object.keys(q).sort(function (a, b) { return (q[a].created_at || "").localeCompare(q[b].created_at || ""); });
    if (!ids.length) { return; }
    state.sending = true;
    var i = 0;
    function next() {
      if (i >= ids.length) { state.sending = false; state.backoff = 1000; return; }
      var id = ids[i++];
      sendOne(q[id]).then(function (outcome) {
        if (outcome === "sent" || outcome === "rejected") { dequeue(id); setOnline(true); next(); return; }
        if (outcome === "auth") { setOnline(false); $("kiosk-net").textContent = text.revoked; }
        retryLater();
      }, function () { setOnline(false); retryLater(); });
    }
    next();
  }
  function retryLater() {
    state.sending = false;
    var wait = state.backoff;
    state.backoff = Math.min(state.backoff * 2, 30000);
    setTimeout(flush, wait);
  }

  /* ---- prompts and heartbeats ------------------------------------------------------------ */
  var etag = null;
  function poll() {
    if (!token) { return; }
    var extra = etag ? { "If-None-Match": etag } : {};
    fetch(root.dataset.promptUrl, { headers: headers(extra), credentials: "omit", cache: "no-store" })
      .then(function (resp) {
        setOnline(resp.status !== 401 && resp.status !== 403);
        if (resp.status === 401 || resp.status === 403) { $("kiosk-net").textContent = text.revoked; return null; }
        if (resp.status === 304 || resp.status === 204) { return null; }
        if (!resp.ok) { return null; }
        etag = resp.headers.get("ETag");
        return resp.json();
      })
      .then(function (data) { if (data !== null && data !== undefined) { onPrompt(data); } }, function () { setOnline(false); })
      .finally(function () { setTimeout(poll, POLL_MS); });
    if (Object.keys(readQueue()).length && !state.sending && state.online) { flush(); }
  }

  function onPrompt(data) {
    var c = data && (data.case || data.prompt || null);
    if (!c || !c.number) { return; }
    if (c.window) { $("kiosk-window").textContent = (c.hall ? c.hall + " · " : "") + text.window + " " + c.window; }
    if (state.screen === "rate" && state.caseNumber === c.number) { return; }
    if (isDone(c.number)) { return; } // a new case supersedes the thank-you screen
    startRating(c);
  }

  function heartbeat() {
    if (!token) { return; }
    fetch(root.dataset.heartbeatUrl, { method: "POST", headers: headers(), credentials: "omit" })
      .then(function (resp) { if (resp.ok) { setOnline(true); flush(); } }, function () { setOnline(false); });
  }

  /* ---- the rating screen ------------------------------------------------------------------ */
  function startRating(c) {
    state.caseNumber = c.number;
    state.level = null;
    state.tags = [];
    state.shownAt = Date.now();
    $("rate-number").textContent = c.number;
    $("rate-item").textContent = c.item_name || c.item || "";
    $("rate-staff").textContent = c.staff_name || c.staff || "";
    $("rate-text").value = "";
    $("rate-detail").hidden = true;
    document.querySelectorAll(".kiosk-level").forEach(function (b) { b.classList.remove("is-chosen"); });
    document.querySelectorAll(".kiosk-tag").forEach(function (b) { b.setAttribute("aria-pressed", "false"); });
    show("rate");
  }

  document.querySelectorAll(".kiosk-level").forEach(function (btn) {
    btn.addEventListener("click", function () {
      state.level = parseInt(btn.dataset.level, 10);
      document.querySelectorAll(".kiosk-level").forEach(function (b) { b.classList.toggle("is-chosen", b === btn); });
      var title = $("rate-tags-title");
      title.textContent = state.level <= 2 ? title.dataset.bad : title.dataset.good;
      state.tags = [];
      document.querySelectorAll(".kiosk-tag").forEach(function (b) { b.setAttribute("aria-pressed", "false"); });
      $("rate-detail").hidden = false;
    });
  });
  document.querySelectorAll(".kiosk-tag").forEach(function (btn) {
    btn.addEventListener("click", function () {
      var on = btn.getAttribute("aria-pressed") !== "true";
      btn.setAttribute("aria-pressed", on ? "true" : "false");
      var code = btn.dataset.tag;
      state.tags = state.tags.filter(function (t) { return t !== code; });
      if (on) { state.tags.push(code); }
    });
  });
  $("rate-submit").addEventListener("click", function () {
    if (!state.level || !state.caseNumber) { return; }
    var item = {
      // The internal level (5 = 非常满意 … 1 = 非常不满意) is the provincial scheme: name it.
      uuid: (window.crypto && crypto.randomUUID) ? crypto.randomUUID() : fallbackUuid(),
      case_number: state.caseNumber, level: state.level, tags: state.tags.slice(), text: $("rate-text").value.trim(),
      scheme: "provincial", channel: 4, created_at: new Date().toISOString(),
    };
    enqueue(item);
    rememberDone(state.caseNumber);
    state.caseNumber = null;
    show("thanks");
    setTimeout(function () { if (state.screen === "thanks") { show("idle"); } }, THANKS_MS);
    flush();
  });

  function fallbackUuid() { // for old tablets without crypto.randomUUID (needs a secure context)
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  // An abandoned rating screen goes back to idle (the case stays rateable elsewhere).
  setInterval(function () {
    if (state.screen === "rate" && Date.now() - state.shownAt > RATE_TIMEOUT_MS) { rememberDone(state.caseNumber); show("idle"); }
  }, 5000);
  window.addEventListener("online", flush);

  renderQueue();
  if (!token) { show("unpaired"); return; }
  show("idle");
  setOnline(true);
  heartbeat();
  setInterval(heartbeat, HEARTBEAT_MS);
  poll();
  flush();
})();
