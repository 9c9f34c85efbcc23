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
  const socket = io({ auth, retries: 20, ackTimeout: 8000 });
  const versions = {};
  const banner = document.getElementById("connection-banner");
  let wasConnected = false;

  function showBanner(offline) {
    if (!banner) return;
    banner.textContent = offline ? banner.dataset.offline : (wasConnected ? banner.dataset.online : "");
    banner.classList.toggle("is-offline", offline);
    if (!offline) setTimeout(() => { if (socket.connected) banner.textContent = ""; }, 2500);
  }

  socket.on("swap", (message) => {
    const last = versions[message.channel];
    if (last !== undefined && message.v < last) return;
    versions[message.channel] = message.v;
    const focusedStep = document.activeElement && document.activeElement.closest("#phone-stage");
    htmx.swap(document.body, message.html, { swapStyle: "none" });
    if (role === "phone" && message.channel === "stage" && !focusedStep) restoreStatus();
  });
  socket.on("connect", () => { showBanner(false); wasConnected = true; });
  socket.on("disconnect", () => showBanner(true));
  socket.io.on("reconnect_attempt", () => showBanner(true));
  socket.on("connect_error", () => showBanner(true));

  // Phones lock and drop their socket; on wake, reconnect at once and ask for the current snapshot.
  function wake() {
    if (document.visibilityState !== "visible") return;
    if (!socket.connected) { showBanner(true); socket.connect(); } else { socket.emit("resync"); }
  }
  document.addEventListener("visibilitychange", wake);
  window.addEventListener("pageshow", wake);
  window.addEventListener("online", wake);

  if (role !== "phone") return;

  // ---- answers --------------------------------------------------------------------------------------------
  const status = document.getElementById("answer-status");
  function say(text, isError) {
    if (!status) return;
    status.textContent = text;
    status.classList.toggle("is-error", !!isError);
  }
  function restoreStatus() { say(""); }

  function formData(form) {
    const data = {};
    new FormData(form).forEach((value, key) => {
      if (key === "csrf_token") return;
      (data[key] = data[key] || []).push(String(value));
    });
    return data;
  }

  async function send(form) {
    const step = Number(form.dataset.answerStep);
    say(socket.connected ? status.dataset.saving : status.dataset.queued);
    try {
      const reply = await socket.emitWithAck("answer", { step, form: formData(form) });
      say(reply.message, !reply.ok);
    } catch (error) {
      say(status.dataset.queued, true);
    }
  }

  document.addEventListener("change", (event) => {
    const form = event.target.closest("form[data-answer-step]");
    if (form && event.target.matches("input[type=radio], input[type=checkbox]")) send(form);
  });
  document.addEventListener("submit", (event) => {
    const form = event.target.closest("form[data-answer-step]");
    if (!form) return;
    event.preventDefault();
    send(form);
  });
})();
