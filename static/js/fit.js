// The projector's results fill their region and never run past it, whatever the room wrote: the type of the results
// shrinks, down to LEAST of its size, until the region's content fits its height (a long list of ideas, four
// concerns at 720 lines). A summary, whose cards keys.js cuts into pages ([data-pages]), keeps its size.
// The factor lives on the root element, so a region's HTML stays exactly what the server sent.
(() => {
  "use strict";
  const LEAST = 0.5;
  const STEPS = 7;  // halvings: within 0.4 % of the largest size that fits

  function fits(region) { return region.scrollHeight <= region.clientHeight + 1; }

  function fit() {
    const region = document.getElementById("live-results");
    if (!region) return;
    const root = document.documentElement.style;
    root.setProperty("--results-fit", "1");
    if (region.querySelector("[data-pages]") || fits(region)) return;
    let low = LEAST;
    let high = 1;
    for (let step = 0; step < STEPS; step += 1) {
      const middle = (low + high) / 2;
      root.setProperty("--results-fit", String(middle));
      if (fits(region)) low = middle; else high = middle;
    }
    root.setProperty("--results-fit", String(low));
  }

  fit();
  if (document.fonts) document.fonts.ready.then(fit);
  window.addEventListener("resize", fit);
  // After live.js applied a push (results, a new step, a lock), before the screen is painted again.
  document.addEventListener("htmx:oobAfterSwap", fit);
  window.projectorFit = fit;
})();
