// Moments the server wrote in UTC (<time datetime="…Z" data-local="datetime|time">, partials/_local_time.html),
// rewritten in the reader's own time zone and the page's language: the server cannot know the zone. Without
// JavaScript the UTC text stays, saying it is UTC. Live regions replace their HTML (a pushed control view), so
// new <time> elements are rewritten as they arrive.
(() => {
  const language = document.documentElement.lang || undefined;
  // A 24-hour clock in both languages, as the rest of Verkstad writes times; dates spelled out, so that
  // "11/23" and "23/11" cannot be mistaken for each other.
  const styles = {
    datetime: { dateStyle: "medium", timeStyle: "short", hourCycle: "h23" },
    time: { timeStyle: "medium", hourCycle: "h23" },
  };
  const formats = {};

  function format(style) {
    formats[style] = formats[style] || new Intl.DateTimeFormat(language, styles[style] || styles.datetime);
    return formats[style];
  }

  function localise(root) {
    for (const element of root.querySelectorAll("time[data-local]")) {
      const moment = new Date(element.dateTime);
      if (!Number.isNaN(moment.getTime())) {
        element.title = element.textContent; // the UTC form, on hover
        element.textContent = format(element.dataset.local).format(moment);
      }
      element.removeAttribute("data-local"); // done: the observer below sees this change, and passes
    }
  }

  function start() {
    localise(document);
    new MutationObserver(() => localise(document)).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
