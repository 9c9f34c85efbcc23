// What a person would see wrong on a screen, measured in the page itself (tests/browser/test_screens.py).
// Injected once per page; `window.screenChecks.run(options)` returns plain findings for the test to word.
//
// - contrast: every visible text node's computed colour against its effective background (its ancestors'
//   background colours composited with their alpha, over white), WCAG AA: 4.5:1, 3:1 for large text (24 px, or
//   18.66 px bold). A background image or gradient counts with each colour it names (the worst one decides).
//   Text of a disabled control is exempt, as WCAG exempts inactive components.
// - lost: text outside the viewport or cut off by an ancestor that clips (projector: nobody scrolls a wall),
//   unless it sits on a page of a paged region the projector can reach (see PAGING below); on phones the page
//   must not be wider than the screen.
// - covered: text under another element (document.elementFromPoint at several points of each line).
//
// PAGING (the convention the projector's paging uses): a region with the attribute `data-pages` holds pages,
// its descendants with `data-page`; one page is shown at a time, the others are `hidden`. A region is reachable
// when it says `data-pages="auto"` (it turns its pages by itself) or when an element with `data-shortcut` (a key
// that keys.js presses) has `aria-controls` naming the region's id. The checker shows each page in turn (and puts
// the page shown before back) and checks it like the rest of the screen.
(function () {
  "use strict";

  function parseColour(text) {
    const match = /rgba?\(([^)]+)\)/.exec(text || "");
    if (!match) return null;
    const parts = match[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return { r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1 };
  }
  function over(top, bottom) {  // top composited over an opaque bottom
    const a = top.a;
    return { r: top.r * a + bottom.r * (1 - a), g: top.g * a + bottom.g * (1 - a), b: top.b * a + bottom.b * (1 - a), a: 1 };
  }
  function luminance(c) {
    const channel = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
  }
  function ratio(a, b) {
    const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  }
  function css(c) { return `rgb(${Math.round(c.r)}, ${Math.round(c.g)}, ${Math.round(c.b)})`; }

  function describe(el) {
    const parts = [];
    for (let node = el; node && node !== document.body && parts.length < 4; node = node.parentElement) {
      let part = node.tagName.toLowerCase();
      if (node.id) { parts.unshift(`${part}#${node.id}`); break; }
      if (node.classList.length) part += "." + Array.from(node.classList).slice(0, 2).join(".");
      parts.unshift(part);
    }
    return parts.join(" > ");
  }
  function short(text) {
    const clean = text.replace(/\s+/g, " ").trim();
    return clean.length > 70 ? clean.slice(0, 67) + "…" : clean;
  }

  // Computed styles of one run, read once per element (a screen has a few thousand text boxes to look under).
  let styles = new Map();
  function styleOf(el) {
    let style = styles.get(el);
    if (!style) { style = getComputedStyle(el); styles.set(el, style); }
    return style;
  }

  // The colours under an element: a list of candidate backgrounds (more than one when a gradient lies under the
  // text), each opaque.
  function backgroundsUnder(el) {
    const layers = [];
    for (let node = el; node; node = node.parentElement) {
      const style = styleOf(node);
      const image = style.backgroundImage;
      const colour = parseColour(style.backgroundColor);
      const stops = image && image !== "none" ? (image.match(/rgba?\([^)]+\)/g) || []).map(parseColour) : [];
      layers.push({ colour, stops });
      if (colour && colour.a >= 1 && !stops.length) break;
    }
    let candidates = [{ r: 255, g: 255, b: 255, a: 1 }];  // the canvas
    for (let i = layers.length - 1; i >= 0; i--) {
      const layer = layers[i];
      if (layer.colour && layer.colour.a > 0) candidates = candidates.map((c) => over(layer.colour, c));
      if (layer.stops.length) candidates = layer.stops.flatMap((stop) => candidates.map((c) => over(stop, c)));
    }
    return candidates;
  }

  function opacityOf(el) {
    let opacity = 1;
    for (let node = el; node; node = node.parentElement) opacity *= Number(styleOf(node).opacity);
    return opacity;
  }

  // Text only screen readers get (.visually-hidden: a 1 px box that clips) or a link parked off-screen until it
  // has the focus (.skip-link) is not on the screen, so it can be neither unreadable nor lost.
  function offScreenByDesign(el, rects) {
    if (rects.every((r) => r.right <= 0 || r.bottom <= 0)) return true;
    for (let node = el; node && node !== document.body; node = node.parentElement) {
      const style = styleOf(node);
      if (style.clip && style.clip !== "auto" && style.position === "absolute") return true;
      const box = node.getBoundingClientRect();
      if ((box.width <= 1 || box.height <= 1) && style.overflow !== "visible") return true;
    }
    return false;
  }

  // Visible text nodes with the rectangles of their lines.
  function textNodes(root) {
    const found = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.nodeValue.trim()) continue;
      const el = node.parentElement;
      if (!el || el.closest("script, style, template, noscript, option, textarea, dialog:not([open])")) continue;
      const style = styleOf(el);
      if (style.visibility !== "visible") continue;
      range.selectNodeContents(node);
      const rects = Array.from(range.getClientRects()).filter((r) => r.width > 1 && r.height > 1);
      if (!rects.length || opacityOf(el) < 0.05 || offScreenByDesign(el, rects)) continue;
      found.push({ node, el, rects, style });
    }
    return found;
  }

  function contrast(texts) {
    const problems = [];
    const seen = new Set();
    for (const { node, el, style } of texts) {
      if (seen.has(el) || el.closest(":disabled")) continue;
      seen.add(el);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      const needed = large ? 3 : 4.5;
      const colour = parseColour(style.color);
      if (!colour) continue;
      const opacity = opacityOf(el);
      let worst = null;
      for (const background of backgroundsUnder(el)) {
        const text = over({ ...colour, a: colour.a * opacity }, background);
        const value = ratio(text, background);
        if (!worst || value < worst.ratio) worst = { ratio: value, text, background };
      }
      if (worst.ratio + 1e-6 < needed) {
        problems.push({ text: short(node.nodeValue), element: describe(el), colour: css(worst.text),
                        background: css(worst.background), ratio: Math.round(worst.ratio * 100) / 100, needed,
                        size: Math.round(size * 10) / 10 });
      }
    }
    return problems;
  }

  // The boxes that clip an element's text: its own overflow, then its containing blocks' (an absolutely placed
  // box escapes static ancestors, a fixed one every ancestor).
  function clippers(el) {
    const clips = (node) => { const s = styleOf(node); return s.overflowX !== "visible" || s.overflowY !== "visible"; };
    const found = clips(el) ? [el] : [];
    for (let node = el; node && node !== document.body;) {
      const position = styleOf(node).position;
      if (position === "fixed") break;
      let parent = node.parentElement;
      if (position === "absolute") {
        while (parent && parent !== document.body && styleOf(parent).position === "static" && styleOf(parent).transform === "none") parent = parent.parentElement;
      }
      if (!parent || parent === document.body) break;
      if (clips(parent)) found.push(parent);
      node = parent;
    }
    return found.map((node) => node.getBoundingClientRect());
  }

  // What share of a rectangle is left after the viewport (on the projector) and every box that clips it.
  function visiblePart(rect, boxes, viewport) {
    let box = { left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom };
    const clip = (other) => {
      box = { left: Math.max(box.left, other.left), top: Math.max(box.top, other.top),
              right: Math.min(box.right, other.right), bottom: Math.min(box.bottom, other.bottom) };
    };
    if (viewport) clip({ left: 0, top: 0, right: innerWidth, bottom: innerHeight });
    boxes.forEach(clip);
    const width = Math.max(0, box.right - box.left), height = Math.max(0, box.bottom - box.top);
    return (width * height) / (rect.width * rect.height);
  }

  function lost(texts, viewport) {
    const problems = [];
    const seen = new Set();
    for (const { node, el, rects } of texts) {
      if (seen.has(el)) continue;
      const boxes = clippers(el);
      const shown = Math.min(...rects.map((rect) => visiblePart(rect, boxes, viewport)));
      if (shown < 0.98) {
        seen.add(el);
        const rect = rects.reduce((a, b) => (a.bottom > b.bottom ? a : b));
        problems.push({ text: short(node.nodeValue), element: describe(el), shown: Math.round(shown * 100),
                        box: `${Math.round(rect.left)},${Math.round(rect.top)} ${Math.round(rect.width)}×${Math.round(rect.height)}` });
      }
    }
    return problems;
  }

  // Does an element hide what lies under it at a point? It does where it paints: a background, a picture or a
  // control, or its own letters; a transparent box over text hides nothing.
  const REPLACED = new Set(["IMG", "SVG", "CANVAS", "VIDEO", "INPUT", "BUTTON", "SELECT", "TEXTAREA", "IFRAME"]);
  function paintsAt(el, x, y) {
    const style = styleOf(el);
    if (opacityOf(el) < 0.05) return false;  // e.g. a radio button laid invisibly over its label
    const colour = parseColour(style.backgroundColor);
    if ((colour && colour.a > 0.1) || style.backgroundImage !== "none" || REPLACED.has(el.tagName.toUpperCase())) return true;
    if (el instanceof SVGElement && el.tagName.toLowerCase() !== "svg") return true;
    const range = document.createRange();
    for (const child of el.childNodes) {
      if (child.nodeType !== Node.TEXT_NODE || !child.nodeValue.trim()) continue;
      range.selectNodeContents(child);
      if (Array.from(range.getClientRects()).some((r) => x >= r.left && x <= r.right && y >= r.top && y <= r.bottom)) return true;
    }
    return false;
  }

  function covered(texts) {
    const problems = [];
    const seen = new Set();
    for (const { node, el, rects } of texts) {
      if (seen.has(el)) continue;
      for (const rect of rects) {
        const points = [[0.5, 0.5], [0.15, 0.3], [0.85, 0.3], [0.15, 0.7], [0.85, 0.7]]
          .map(([fx, fy]) => [rect.left + rect.width * fx, rect.top + rect.height * fy])
          .filter(([x, y]) => x >= 0 && y >= 0 && x < innerWidth && y < innerHeight);
        let cover = null;
        for (const [x, y] of points) {
          for (const hit of document.elementsFromPoint(x, y)) {
            if (hit === el || el.contains(hit) || hit.contains(el)) break;  // the text itself, or what is under it
            if (paintsAt(hit, x, y)) { cover = hit; break; }
          }
          if (cover) break;
        }
        if (cover) {
          seen.add(el);
          problems.push({ text: short(node.nodeValue), element: describe(el), under: describe(cover) });
          break;
        }
      }
    }
    return problems;
  }

  // A phone zooms out to show a page wider than itself, so the screen's width comes from the test, not innerWidth.
  function overflow(screenWidth) {
    const width = document.documentElement.scrollWidth;
    if (width <= screenWidth) return [];
    const widest = Array.from(document.body.querySelectorAll("*"))
      .map((el) => ({ el, right: el.getBoundingClientRect().right }))
      .filter(({ el, right }) => right > screenWidth + 1 && !(el.parentElement && el.parentElement.getBoundingClientRect().right > screenWidth + 1))
      .slice(0, 4)
      .map(({ el, right }) => `${describe(el)} (to ${Math.round(right)} px)`);
    return [{ width, viewport: screenWidth, widest }];
  }

  function pagedRegions() {
    return Array.from(document.querySelectorAll("[data-pages]")).map((region) => {
      const pages = Array.from(region.querySelectorAll("[data-page]"));
      const controlled = region.dataset.pages === "auto" || (region.id &&
        Array.from(document.querySelectorAll("[data-shortcut][aria-controls]"))
          .some((el) => el.getAttribute("aria-controls").split(/\s+/).includes(region.id)));
      return { region, pages, controlled };
    });
  }

  // One screen's findings; on a projector each reachable page of a paged region is shown and checked in turn.
  // Measures once the page has laid itself out for its size: a resize (the test's new viewport) reaches the page's
  // own handlers (the projector's fit and pages) in the next rendering step, before its animation frames.
  function run(options) {
    return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(measure(options)))));
  }

  function measure(options) {
    const screen = options.screen;
    const result = { contrast: [], lost: [], covered: [], overflow: [] };
    const seen = new Set();
    const add = (key, items, page) => items.forEach((item) => {
      const id = `${key}|${item.element}|${item.text}`;
      if (seen.has(id)) return;
      seen.add(id);
      result[key].push(page ? { ...item, page } : item);
    });
    const check = (page) => {
      styles = new Map();
      const texts = textNodes(document.body);
      add("contrast", contrast(texts), page);
      add("covered", covered(texts), page);
      if (screen === "projector") add("lost", lost(texts, true), page);
      else add("lost", lost(texts, false), page);
    };
    check(null);
    if (screen === "phone" || screen === "control") result.overflow = overflow(options.width);
    if (screen === "projector") {
      for (const { region, pages, controlled } of pagedRegions()) {
        if (!controlled) {
          result.lost.push({ text: `${pages.length} pages`, element: describe(region), shown: 0,
                             box: "paged region that no key and no timer turns" });
          continue;
        }
        const before = pages.map((page) => page.hidden);
        pages.forEach((page, index) => {
          pages.forEach((other) => { other.hidden = other !== page; });
          check(index + 1);
        });
        pages.forEach((page, index) => { page.hidden = before[index]; });
      }
    }
    return result;
  }

  // A region's HTML as a person's screen would show it, for comparing a live push with a fresh page: without what
  // differs by design (CSRF tokens, htmx's bookkeeping, the seconds a countdown has ticked).
  function normalised(root) {
    if (!root) return null;
    const copy = root.cloneNode(true);  // a clone keeps each box's ticked state, which is what the person sees
    // A tick is the box's state, not its attribute: live.js keeps a phone's own ticks through a room's refresh.
    copy.querySelectorAll("input[type=checkbox], input[type=radio]").forEach((el) => el.toggleAttribute("checked", el.checked));
    copy.removeAttribute("hx-swap-oob");
    copy.querySelectorAll("[hx-swap-oob]").forEach((el) => el.removeAttribute("hx-swap-oob"));
    copy.querySelectorAll("input[name=csrf_token]").forEach((el) => el.remove());
    [copy, ...copy.querySelectorAll("*")].forEach((el) => {
      el.removeAttribute("data-seen-at");
      Array.from(el.classList).filter((name) => name.startsWith("htmx-")).forEach((name) => el.classList.remove(name));
      if (el.getAttribute("class") === "") el.removeAttribute("class");
    });
    [copy, ...copy.querySelectorAll("*")].forEach((el) => {  // attributes in one order, whoever wrote them last
      const attributes = Array.from(el.attributes, (a) => [a.name, a.value]).sort(([a], [b]) => (a < b ? -1 : 1));
      attributes.forEach(([name]) => el.removeAttribute(name));
      attributes.forEach(([name, value]) => el.setAttribute(name, value));
    });
    // A paged region (see PAGING) as the server sent it: one page holding every card, its count not yet written.
    copy.querySelectorAll("[data-pages]").forEach((pager) => {
      const [first, ...rest] = Array.from(pager.querySelectorAll(":scope > [data-page]"));
      if (first) {
        rest.forEach((page) => { first.append(...page.childNodes); page.remove(); });
        first.removeAttribute("hidden");
        first.querySelectorAll("[data-spread]").forEach((card) => card.removeAttribute("data-spread"));
      }
      pager.setAttribute("data-pages", "");
      pager.removeAttribute("style");
    });
    copy.querySelectorAll("[data-page-count]").forEach((el) => { el.textContent = ""; el.setAttribute("hidden", ""); });
    // Controls a page's script shows and enables ([data-scripted]: the points step's − and +) are the script's state.
    copy.querySelectorAll("[data-scripted]").forEach((el) => { el.removeAttribute("hidden"); el.removeAttribute("disabled"); });
    // A moment is what the server wrote (its datetime); static/js/local-time.js writes it out in the reader's zone.
    copy.querySelectorAll("time[datetime]").forEach((el) => {
      ["data-local", "title"].forEach((name) => el.removeAttribute(name));
      el.textContent = el.getAttribute("datetime");
    });
    copy.querySelectorAll(".countdown").forEach((el) => { el.removeAttribute("data-remaining"); el.classList.remove("is-over"); el.textContent = "…"; });
    return copy.outerHTML.replace(/\s+/g, " ").replace(/> </g, "><");
  }

  // The same regions of the page as the server renders it now: `fetchFresh()` asks (every screen of a state at
  // once), `liveAndFresh(ids)` compares what the screen shows with the answer.
  let fresh = null;
  function fetchFresh() {
    fresh = fetch(location.href, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then((response) => response.text())
      .then((html) => new DOMParser().parseFromString(html, "text/html"));
  }
  async function liveAndFresh(ids) {
    if (!fresh) fetchFresh();
    const page = await fresh;
    fresh = null;
    const out = {};
    for (const id of ids) out[id] = { live: normalised(document.getElementById(id)), fresh: normalised(page.getElementById(id)) };
    return out;
  }

  // Everything a person can read or hear on the page: rendered text and the names given to screen readers.
  function words() {
    const names = Array.from(document.querySelectorAll("[aria-label], img[alt], [placeholder], [title]"))
      .filter((el) => !el.closest("[hidden], template"))
      .map((el) => [el.getAttribute("aria-label"), el.getAttribute("alt"), el.getAttribute("placeholder"), el.getAttribute("title")]
        .filter(Boolean).join("\n"));
    return [document.body.innerText, ...names, document.title].join("\n");
  }

  // Which live regions a push replaced, and when: the test waits on these instead of on the clock.
  const swaps = {};
  document.addEventListener("htmx:oobAfterSwap", (event) => {
    const id = event.detail.target && event.detail.target.id;
    if (!id) return;
    swaps[id] = { count: (swaps[id] ? swaps[id].count : 0) + 1, at: performance.now() };
  });
  function settled() { return !document.querySelector(".htmx-settling, .htmx-swapping, .htmx-added"); }

  window.screenChecks = { run, fetchFresh, liveAndFresh, words, swaps, settled };
})();
