// Dot-voting on a phone: what is left of the budget as the person types or taps + and −, and no sending while
// more points are spent than there are (the server refuses it too; this says so before anything is sent).
(function () {
  "use strict";

  function remaining(form) {
    let spent = 0;
    form.querySelectorAll("input[type=number]").forEach((field) => { spent += Math.max(0, Number(field.value) || 0); });
    return Number(form.dataset.budget) - spent;
  }

  function update(form) {
    const left = remaining(form);
    const output = form.querySelector("output[data-points-left]");
    if (output) {
      output.textContent = String(left);
      output.closest("p").classList.toggle("is-error", left < 0);
    }
    form.querySelectorAll("button[data-points-step]").forEach((button) => {
      const field = document.getElementById(button.getAttribute("aria-controls"));
      const value = Number(field.value) || 0;
      const up = Number(button.dataset.pointsStep) > 0;
      button.disabled = field.disabled || (up ? left <= 0 || value >= Number(field.max) : value <= 0);
    });
  }

  // The + and − buttons do nothing without this script, so they are shown only with it.
  function prepare(root) {
    root.querySelectorAll("form[data-budget]").forEach((form) => {
      form.querySelectorAll("button[data-points-step]").forEach((button) => { button.hidden = false; });
      update(form);
    });
  }
  htmx.onLoad(prepare);

  document.addEventListener("input", (event) => {
    const form = event.target.closest("form[data-budget]");
    if (form) update(form);
  });
  document.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-points-step]");
    if (!button) return;
    const field = document.getElementById(button.getAttribute("aria-controls"));
    field.value = String(Math.max(0, (Number(field.value) || 0) + Number(button.dataset.pointsStep)));
    field.dispatchEvent(new Event("input", { bubbles: true }));
  });
  document.addEventListener("verkstad:send", (event) => {
    const form = event.target.closest("form[data-budget]");
    if (form && remaining(form) < 0) {
      event.detail.refusal = form.dataset.overBudget;
      event.preventDefault();
    }
  });
})();
