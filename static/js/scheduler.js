// "Be the scheduler" board: keyboard shortcuts and focus after each htmx swap. Without this
// file the board still works: every button submits the form and the server autofocuses.
(() => {
  const SHORTCUTS = { u: "undo", r: "reset" };

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
    if (!document.querySelector("[data-scheduler]")) return;
    if (event.target.closest("input, textarea, select, [contenteditable]")) return;
    // event.code, not event.key: Shift+1 is "!" on one keyboard and "+" on another.
    const digit = /^(?:Digit|Numpad)([1-3])$/.exec(event.code);
    const id = digit ? (event.shiftKey ? "expand-" : "step-") + digit[1]
      : event.shiftKey ? null : SHORTCUTS[event.key];
    const button = id && document.getElementById(id);
    if (!button || button.disabled) return;
    event.preventDefault();
    button.click();
  });

  // The swapped board names the control that should have focus next (the thread just
  // stepped, or the outcome heading) with autofocus.
  document.addEventListener("htmx:afterSettle", (event) => {
    if (event.target.id !== "board") return;
    const next = document.querySelector("#board [autofocus]");
    if (next) next.focus();
  });
})();
