// Keyboard control for the projector and control views: a key clicks the button that names it in
// data-shortcut, so keys and buttons are one path. J, F and ? act on the screen itself.
(function () {
  "use strict";
  function keyName(event) {
    if (event.key === " ") return "Space";
    return event.key.length === 1 ? event.key.toLowerCase() : event.key;
  }

  // ---- moving between steps ------------------------------------------------------------------------------
  // ← and → ask for a step by its position, counted on from the last one asked for: presses faster than the
  // server answers (a held key repeats) all count, one request at a time, and asking twice for a step changes
  // nothing. `wanted` is the step asked for and not yet shown here; after the server took it, it is also
  // where the session is, so later presses count from it even before the new step has arrived.
  let wanted = null;
  let sent = null;
  let sending = false;
  let moveUrl = "";

  function shownPosition() {
    const button = document.querySelector("[data-move]");
    return button ? Number(button.dataset.position) : null;
  }
  function settle() {
    if (!sending && wanted !== null && shownPosition() === wanted) wanted = sent = null;
  }
  async function sendMove() {
    if (sending || wanted === null || wanted === sent) return;
    sending = true;
    const position = sent = wanted;
    let taken = false;
    try {
      const headers = { ...JSON.parse(document.body.getAttribute("hx-headers") || "{}"), "HX-Request": "true" };
      const response = await fetch(moveUrl, { method: "POST", headers, body: new URLSearchParams({ position }) });
      taken = response.ok;
      const html = await response.text();
      if (html) htmx.swap(document.body, html, { swapStyle: "none" });  // the control view's panel, or why not
    } catch (error) { /* offline: the connection banner says so, and the screen shows where the session is */ }
    sending = false;
    if (!taken) { wanted = sent = null; return; }
    if (wanted !== position) sendMove(); else settle();
  }
  function move(button) {
    const from = wanted ?? Number(button.dataset.position);
    const to = Math.min(Math.max(from + Number(button.dataset.move), 0), Number(button.dataset.lastPosition));
    if (to === from) return;
    wanted = to;
    moveUrl = button.dataset.moveUrl;
    sendMove();
  }
  document.addEventListener("htmx:oobAfterSwap", settle);

  // ---- pages -----------------------------------------------------------------------------------------------
  // A region longer than the screen ([data-pages]: the summary's cards) is cut into pages that fit, one shown at
  // a time; ← and → turn them before they move to another step. The server renders one page ([data-page="1"])
  // with every card; the pages after it are copies of its element, so the markup stays the server's.
  let turned = { of: null, page: 1 };  // the page shown, kept when the same step's results are refreshed

  function pagesOf(pager) { return Array.from(pager.querySelectorAll(":scope > [data-page]")); }
  function showPage(pager, number) {
    const pages = pagesOf(pager);
    number = Math.min(Math.max(number, 1), pages.length);
    pages.forEach((page) => { page.hidden = Number(page.dataset.page) !== number; });
    turned = { of: pager.dataset.pagesOf, page: number };
    const count = pager.parentElement.querySelector("[data-page-count]");
    if (count) {
      count.textContent = count.dataset.pageCount.replace("{page}", number).replace("{pages}", pages.length);
      count.hidden = pages.length < 2;
    }
  }
  function layOutPages(pager) {
    const [first, ...rest] = pagesOf(pager);
    if (!first) return;
    rest.forEach((page) => { first.append(...page.children); page.remove(); });
    first.hidden = false;
    // Laid out afresh (a resize, new results): a card spread over columns last time is measured whole again.
    first.querySelectorAll(":scope > [data-spread]").forEach((card) => { delete card.dataset.spread; });
    const room = pager.clientHeight;
    for (let page = first, number = 2; ; number += 1) {
      const top = page.getBoundingClientRect().top;
      const cards = Array.from(page.children);
      let spill = cards.findIndex((card) => card.getBoundingClientRect().bottom - top > room);
      if (spill === 0) spill = 1;  // a card longer than a page by itself gets a page of its own
      if (spill < 0 || spill >= cards.length) break;
      const next = page.cloneNode(false);
      next.dataset.page = String(number);
      next.append(...cards.slice(spill));
      page.after(next);
      page = next;
    }
    // A card longer than a page by itself (many next steps) spreads its content over the page's columns.
    // On the root element, not the pager: htmx settles a swapped element's old attributes onto the new one by
    // setAttribute, and a style attribute written that way is inline style, which the CSP refuses.
    document.documentElement.style.setProperty("--page-height", `${room}px`);
    pagesOf(pager).forEach((page) => {
      const [card, ...others] = page.children;
      if (card && !others.length && card.getBoundingClientRect().bottom - page.getBoundingClientRect().top > room) {
        card.dataset.spread = "";
      }
    });
    pager.dataset.pages = String(pagesOf(pager).length);
    showPage(pager, turned.of === pager.dataset.pagesOf ? turned.page : 1);
  }
  function layOutAll() { document.querySelectorAll("[data-pages]").forEach(layOutPages); }
  function turnPage(delta) {
    const pager = document.querySelector("[data-pages]");
    if (!pager) return false;
    const number = turned.page + delta;
    if (turned.of !== pager.dataset.pagesOf || number < 1 || number > pagesOf(pager).length) return false;
    showPage(pager, number);
    return true;
  }
  layOutAll();
  if (document.fonts) document.fonts.ready.then(layOutAll);
  window.addEventListener("resize", layOutAll);
  document.addEventListener("htmx:oobAfterSwap", (event) => {
    if (event.target.querySelector("[data-pages]")) layOutAll();
  });

  function moveOrTurn(button) {
    if (!turnPage(Number(button.dataset.move))) move(button);
  }

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest("input, select, textarea, [contenteditable]")) return;
    const name = keyName(event);
    // A move button counts even while disabled: it may be about to be enabled by a step already asked for.
    const button = Array.from(document.querySelectorAll("[data-shortcut]"))
      .find((el) => el.dataset.shortcut.split(/\s+/).includes(name) && (!el.disabled || "move" in el.dataset));
    if (!button) return;
    event.preventDefault();
    if ("move" in button.dataset) moveOrTurn(button); else button.click();
  });
  document.addEventListener("click", (event) => {
    const moving = event.target.closest("[data-move]");
    if (moving) { moveOrTurn(moving); return; }
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
