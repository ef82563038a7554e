// Lesson page behaviour: flashcards you can flip and page through with the keyboard, and videos
// that load from YouTube only when the student asks. Without JavaScript every card shows its
// answer and every video is a plain link, so nothing is lost.
(function () {
  "use strict";

  function setUpFlashcards(deck) {
    var cards = Array.prototype.slice.call(deck.querySelectorAll(".flashcard"));
    if (!cards.length) return;
    var nav = deck.querySelector(".flashcard-nav");
    var position = deck.querySelector(".flashcard-position");
    var current = 0;
    deck.classList.add("flashcards-enhanced");
    nav.hidden = false;

    function flip(card, faceUp) {
      var face = card.querySelector(".flashcard-face");
      var showBack = faceUp === undefined ? face.getAttribute("aria-expanded") !== "true" : faceUp;
      face.setAttribute("aria-expanded", showBack ? "true" : "false");
      card.classList.toggle("is-flipped", showBack);
    }

    function show(index, focus) {
      current = (index + cards.length) % cards.length;
      cards.forEach(function (card, i) {
        card.hidden = i !== current;
        if (i !== current) flip(card, false);
      });
      position.textContent = "Card " + (current + 1) + " of " + cards.length;
      if (focus) cards[current].querySelector(".flashcard-face").focus();
    }

    cards.forEach(function (card) {
      card.querySelector(".flashcard-face").addEventListener("click", function () { flip(card); });
    });
    deck.querySelector("[data-flashcard-prev]").addEventListener("click", function () { show(current - 1, false); });
    deck.querySelector("[data-flashcard-next]").addEventListener("click", function () { show(current + 1, false); });
    deck.addEventListener("keydown", function (event) {
      if (event.key === "ArrowRight") { show(current + 1, true); event.preventDefault(); }
      if (event.key === "ArrowLeft") { show(current - 1, true); event.preventDefault(); }
    });
    show(0, false);
  }

  function setUpVideo(slot) {
    var button = slot.querySelector("[data-load-video]");
    button.hidden = false;
    button.addEventListener("click", function () {
      var frame = document.createElement("iframe");
      frame.src = slot.dataset.embedUrl + "?autoplay=1";
      frame.title = slot.dataset.title;
      frame.width = "560";
      frame.height = "315";
      frame.allow = "autoplay; encrypted-media; picture-in-picture";
      frame.allowFullscreen = true;
      frame.setAttribute("loading", "lazy");
      slot.replaceChildren(frame);
      frame.focus();
    });
  }

  // Interactive audio lesson: the line being spoken is highlighted, and any line can be played
  // from its start.
  function setUpDialogue(card) {
    var player = card.querySelector("audio");
    var lines = Array.prototype.slice.call(card.querySelectorAll("[data-start]"));
    if (!player || !lines.length) return;
    lines.forEach(function (line) {
      var button = line.querySelector("[data-seek]");
      if (!button) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        player.currentTime = parseFloat(line.dataset.start);
        player.play();
      });
    });
    player.addEventListener("timeupdate", function () {
      var now = player.currentTime, current = null;
      lines.forEach(function (line) { if (parseFloat(line.dataset.start) <= now) current = line; });
      lines.forEach(function (line) {
        var speaking = line === current && !player.paused;
        line.classList.toggle("is-speaking", speaking);
        if (speaking) line.setAttribute("aria-current", "true");
        else line.removeAttribute("aria-current");
      });
    });
  }

  function init() {
    document.querySelectorAll(".audio-lesson").forEach(setUpDialogue);
    document.querySelectorAll("[data-flashcards]").forEach(setUpFlashcards);
    document.querySelectorAll(".video-slot").forEach(setUpVideo);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
