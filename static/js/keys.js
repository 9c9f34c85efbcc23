// Keyboard control for the projector and control views: a key clicks the button that names it in
// data-shortcut, so keys and buttons are one path. J, F and ? act on the screen itself.
(function () {
  "use strict";
  function keyName(event) {
    if (event.key === " ") return "Space";
    return event.key.length === 1 ? event.key.toLowerCase() : event.key;
  }
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest("input, select, textarea, [contenteditable]")) return;
    const name = keyName(event);
    const button = Array.from(document.querySelectorAll("[data-shortcut]"))
      .find((el) => el.dataset.shortcut.split(/\s+/).includes(name) && !el.disabled);
    if (!button) return;
    event.preventDefault();
    button.click();
  });
  document.addEventListener("click", (event) => {
    const el = event.target.closest("[data-toggle-join], [data-fullscreen], [data-open-dialog]");
    if (!el) return;
    if (el.hasAttribute("data-toggle-join")) document.body.classList.toggle("join-open");
    if (el.hasAttribute("data-fullscreen")) {
      if (document.fullscreenElement) document.exitFullscreen(); else document.documentElement.requestFullscreen();
    }
    if (el.dataset.openDialog) {
      const dialog = document.getElementById(el.dataset.openDialog);
      if (dialog && !dialog.open) dialog.showModal();
    }
  });
})();
