// The Review page's keyboard: Space or Enter reveals the answer, 1-4 rate it (Again, Hard,
// Good, Easy). After htmx swaps in the next card, focus goes to its Reveal button (or to the
// answer, or the summary), so the keyboard stays where the student is working. Without
// JavaScript the page is plain forms and every key is a click.
(function () {
  "use strict";

  function area() {
    return document.getElementById("review-card");
  }

  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  document.addEventListener("keydown", function (event) {
    var card = area();
    if (!card || event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) return;
    var reveal = card.querySelector("[data-review-reveal]");
    if (reveal && (event.key === " " || event.key === "Enter")) {
      // On the Reveal button the browser presses it; on another control (a link, a button)
      // the key keeps its own meaning.
      if (event.target !== document.body && event.target.closest("a, button, summary")) return;
      event.preventDefault();
      reveal.click();
      return;
    }
    var rating = card.querySelector('[data-review-key="' + event.key + '"]');
    if (rating) {
      event.preventDefault();
      rating.click();
    }
  });

  // A second key press while the rating is on its way must not rate the next card unseen.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var card = area();
    if (card && card.contains(event.target)) {
      card.querySelectorAll("button").forEach(function (button) { button.disabled = true; });
    }
  });

  // After settling, not swapping: only then has htmx wired the new card's forms, so a key
  // pressed the moment focus arrives is handled in place instead of loading a page.
  document.addEventListener("htmx:afterSettle", function () {
    var card = area();
    var target = card && card.querySelector("[data-review-focus]");
    if (target) target.focus();
  });

  // A full page load (no JS swap yet): start on the Reveal button, so Space works at once.
  document.addEventListener("DOMContentLoaded", function () {
    var card = area();
    var reveal = card && card.querySelector("[data-review-reveal]");
    if (reveal) reveal.focus({ preventScroll: true });
  });
})();
