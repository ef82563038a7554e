// Practice-test attempt: a countdown that submits the attempt when time is up. The server
// enforces the limit on its own; this only keeps the student informed.
(function () {
  "use strict";
  function init() {
    var box = document.querySelector("[data-deadline]");
    if (!box) return;
    var deadline = new Date(box.dataset.deadline).getTime();
    var out = box.querySelector("[data-countdown]");
    var announced = {};
    function tick() {
      var left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
      var minutes = Math.floor(left / 60), seconds = left % 60;
      out.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
      // Announce only a few milestones to screen readers, not every second.
      [300, 60, 10].forEach(function (mark) {
        if (left <= mark && !announced[mark] && left > 0) {
          announced[mark] = true;
          out.setAttribute("aria-live", "assertive");
          out.textContent = Math.ceil(left / 60) + " minute(s) left";
        }
      });
      if (left === 0) {
        clearInterval(timer);
        var form = document.querySelector("[data-submit-attempt]");
        if (form) form.submit();
      }
    }
    var timer = setInterval(tick, 1000);
    tick();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
