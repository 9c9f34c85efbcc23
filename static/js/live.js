// Live screens: one Socket.IO connection per page. The server sends complete, versioned snapshots of
// regions as htmx out-of-band HTML; older versions are dropped, so a late message never undoes a newer one.
(function () {
  "use strict";
  const body = document.body;
  const role = body.dataset.liveRole;
  if (!role || typeof io === "undefined") return;

  const auth = role === "phone" ? { role, code: body.dataset.liveCode } : { role, session: body.dataset.liveSession };
  // retries + ackTimeout: an answer sent while offline is queued and re-sent until the server acks it;
  // the server stores answers as upserts, so a re-send changes nothing.
  // Reconnection delays kept short (0.5–2 s, randomised): after a server restart every screen is back within seconds.
  const socket = io({ auth, retries: 20, ackTimeout: 8000, reconnectionDelay: 500, reconnectionDelayMax: 2000 });
  const versions = {};
  // The page itself is the first snapshot of its stage: a board refresh of that same version that arrives before
  // the socket's own snapshot merges into it (keeping the ticks the page was rendered with) instead of replacing it.
  const pageStage = document.querySelector("#phone-stage[data-version]");
  if (pageStage) versions.stage = Number(pageStage.dataset.version);
  const banner = document.getElementById("connection-banner");
  let wasConnected = false;
  // A page that has not connected yet is joining, not reconnecting: the banner waits this long before it says so
  // (the first connection, long-polling then WebSocket, takes a fraction of a second on a good network).
  const JOIN_GRACE_MS = 3000;
  let graceTimer = null;

  function showBanner(offline) {
    body.dataset.connection = offline ? "offline" : "online";  // for styles and tests
    if (!banner) return;
    // A page that never had its connection is connecting, not reconnecting.
    const down = wasConnected ? banner.dataset.offline : banner.dataset.connecting;
    banner.textContent = offline ? down : (wasConnected ? banner.dataset.online : "");
    banner.classList.toggle("is-offline", offline);
    if (!offline) setTimeout(() => { if (socket.connected) banner.textContent = ""; }, 2500);
  }
  // The socket is down: say so at once when it had been up, after the grace period when it never was.
  function connectionLost() {
    if (wasConnected) { showBanner(true); return; }
    body.dataset.connection = "connecting";
    if (graceTimer === null) graceTimer = setTimeout(() => { if (!socket.connected) showBanner(true); }, JOIN_GRACE_MS);
  }

  // What the person is in the middle of, keyed by form and field: their ticks, typed text that differs from
  // what the server last rendered, and the focused field with its cursor.
  function fieldKey(field) {
    if (!field.name || !field.form || field.type === "hidden") return null;
    const form = field.form.dataset.formKey || "answer";
    return field.type === "checkbox" || field.type === "radio"
      ? `${form}|${field.name}|${field.value}` : `${form}|${field.name}`;
  }
  function editsIn(region) {
    const edits = new Map();
    if (!region) return edits;
    region.querySelectorAll("input, textarea, select").forEach((field) => {
      const key = fieldKey(field);
      if (!key) return;
      const focused = field === document.activeElement;
      if (field.type === "checkbox" || field.type === "radio") {
        // Ticks are always this phone's own answers; a refresh rendered for the whole room never knows them.
        edits.set(key, { checked: field.checked, focused });
      } else if (field.value !== field.defaultValue || focused) {
        edits.set(key, { value: field.value, focused, start: field.selectionStart, end: field.selectionEnd });
      }
    });
    return edits;
  }
  function restoreEdits(region, edits) {
    if (!region) return;
    region.querySelectorAll("input, textarea, select").forEach((field) => {
      const edit = edits.get(fieldKey(field));
      if (!edit) return;
      if ("checked" in edit) field.checked = edit.checked; else field.value = edit.value;
      if (edit.focused) {
        field.focus({ preventScroll: true });
        if (edit.start != null && field.setSelectionRange) try { field.setSelectionRange(edit.start, edit.end); } catch (e) { /* not a text field */ }
      }
    });
  }

  socket.on("swap", (message) => {
    const last = versions[message.channel];
    if (last !== undefined && message.v < last) return;
    // A merge refreshes the same step with what others added; a newer version is a new step or state.
    const merge = message.merge && last === message.v;
    versions[message.channel] = message.v;
    const stage = document.getElementById("phone-stage");
    const focusedStep = document.activeElement && document.activeElement.closest("#phone-stage");
    const edits = merge ? editsIn(stage) : null;
    const stepBefore = stage && stage.dataset.step;
    // Said before this render: a room's render of the same step (someone added an item) cannot un-answer it.
    const saidAnswered = Boolean(stage && stage.querySelector(".answered:not([hidden])"));
    htmx.swap(document.body, message.html, { swapStyle: "none" });
    const swapped = document.getElementById("phone-stage");
    if (merge) restoreEdits(swapped, edits);
    // Another step: what was said about the last one goes. The same step re-rendered keeps it while in use.
    const anotherStep = swapped && swapped.dataset.step !== stepBefore;
    if (role === "phone" && message.channel === "stage" && (anotherStep || (!focusedStep && !merge))) restoreStatus();
    if (role === "phone" && message.channel === "stage") noteAnswered(saidAnswered && !anotherStep);
  });
  socket.on("connect", () => { clearTimeout(graceTimer); showBanner(false); wasConnected = true; });
  socket.on("disconnect", connectionLost);
  socket.io.on("reconnect_attempt", connectionLost);
  socket.on("connect_error", connectionLost);

  // Countdowns tick from the seconds left when the server rendered them, so a phone's wrong clock does not matter.
  function tickCountdowns() {
    document.querySelectorAll(".countdown[data-remaining]").forEach((el) => {
      if (!el.dataset.seenAt) el.dataset.seenAt = String(Date.now());
      const left = Math.max(0, Math.ceil(Number(el.dataset.remaining) - (Date.now() - Number(el.dataset.seenAt)) / 1000));
      el.textContent = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}`;
      el.classList.toggle("is-over", left === 0);
    });
  }
  setInterval(tickCountdowns, 500);

  // Phones lock and drop their socket; on wake, reconnect at once and ask for the current snapshot.
  function wake() {
    if (document.visibilityState !== "visible") return;
    if (socket.connected) { socket.emit("resync"); return; }
    // The page's first connection is still under way (pageshow fires as the page loads): nothing to restart.
    if (!wasConnected) return;
    showBanner(true);
    // A fresh attempt now, rather than waiting for a back-off timer or an attempt begun while offline.
    socket.disconnect().connect();
  }
  document.addEventListener("visibilitychange", wake);
  window.addEventListener("pageshow", wake);
  window.addEventListener("online", wake);

  if (role !== "phone") return;

  // ---- answers --------------------------------------------------------------------------------------------
  // The status line under the step says how the person's last submission went. It belongs to the step it was
  // sent from: a new stage clears it (the stage itself shows, from the server, whether they have answered), and
  // an acknowledgement arriving after the phone moved on to another step is not shown there.
  const status = document.getElementById("answer-status");
  const TONES = ["is-error", "is-pending", "is-queued"];
  function say(text, tone) {
    if (!status) return;
    status.textContent = text;
    TONES.forEach((name) => status.classList.toggle(name, tone === name.slice(3)));
  }
  function shownStep() {
    const stage = document.getElementById("phone-stage");
    return stage ? Number(stage.dataset.step) : null;
  }
  function sayFor(step, text, tone) { if (shownStep() === step) say(text, tone); }
  function restoreStatus() { say(""); }

  // Steps this phone's answers were acknowledged on: the stage says "you have answered" at once, as its own next
  // render from the server will, and keeps saying it when a room render sent before the answer was stored arrives.
  const answeredSteps = new Set();
  function noteAnswered(already = false) {
    const note = document.querySelector("#phone-stage .answered");
    if (note && (already || answeredSteps.has(shownStep()))) note.hidden = false;
  }

  // One id per submission: a re-sent packet carries the same one, so the server adds an idea only once.
  function nonce() {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);  // randomUUID needs HTTPS; a venue hotspot often serves plain HTTP
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function formData(form, submitter) {
    const data = { nonce: [nonce()] };
    new FormData(form, submitter || undefined).forEach((value, key) => {
      if (key === "csrf_token") return;
      (data[key] = data[key] || []).push(String(value));
    });
    return data;
  }

  // The same data (and nonce) each time: a retry after "busy" can never add twice.
  async function send(form, submitter, data, attempt) {
    const step = Number(form.dataset.answerStep);
    data = data || formData(form, submitter);
    attempt = attempt || 1;
    if (attempt === 1) {
      // A step's own script may refuse what it can already tell is wrong (points over the budget), and say why.
      const check = new CustomEvent("verkstad:send", { bubbles: true, cancelable: true, detail: { refusal: "" } });
      if (!form.dispatchEvent(check)) { say(check.detail.refusal, "error"); return; }
      if (socket.connected) say(status.dataset.saving, "pending"); else say(status.dataset.queued, "queued");
    }
    try {
      const reply = await socket.emitWithAck("answer", { step, form: data });
      if (!reply.ok && reply.retry && attempt < 20) {
        sayFor(step, reply.message, "pending");
        setTimeout(() => send(form, submitter, data, attempt + 1), 1000 + Math.random() * 1000);
        return;
      }
      sayFor(step, reply.message, reply.ok ? "ok" : "error");
      if (reply.ok) { answeredSteps.add(step); noteAnswered(); }
      if (reply.ok && form.isConnected && form.hasAttribute("data-reset-on-success")) form.reset();
    } catch (error) {
      sayFor(step, status.dataset.queued, "queued");
    }
  }

  document.addEventListener("change", (event) => {
    const form = event.target.closest("form[data-answer-step]");
    if (form && !form.hasAttribute("data-no-autosend") && event.target.matches("input[type=radio], input[type=checkbox]")) send(form);
  });
  document.addEventListener("submit", (event) => {
    const form = event.target.closest("form[data-answer-step]");
    if (!form) return;
    event.preventDefault();
    send(form, event.submitter);
  });
})();
