// Keeps "just now" / "40 seconds ago" true while the page stays open: every <time data-relative>
// (from the relative_time template tag) is re-worded from its datetime. The thresholds are
// those of exercises/templatetags/time_tags.py; content swapped in by htmx is picked up too.
(function () {
  "use strict";
  function count(number, unit) {
    return number + " " + unit + (number === 1 ? "" : "s") + " ago";
  }
  function ago(moment, now) {
    var seconds = Math.max(0, Math.floor((now - moment) / 1000));
    if (seconds < 10) return "just now";
    if (seconds < 60) return count(seconds, "second");
    var minutes = Math.floor(seconds / 60);
    if (minutes < 60) return count(minutes, "minute");
    var hours = Math.floor(minutes / 60);
    if (hours < 24) return count(hours, "hour");
    var days = Math.floor(hours / 24);
    if (days < 7) return count(days, "day");
    return null; // a date: the server's words stay
  }
  function refresh() {
    var now = Date.now();
    document.querySelectorAll("time[data-relative]").forEach(function (element) {
      var moment = Date.parse(element.getAttribute("datetime"));
      var words = isNaN(moment) ? null : ago(moment, now);
      if (words && element.textContent !== words) element.textContent = words;
    });
  }
  setInterval(refresh, 5000);
})();
