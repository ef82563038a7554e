// Lesson page behaviour: flashcards you can flip and page through (keys, buttons or a swipe),
// videos that load from YouTube only when the student asks, transcripts that fold to the line
// being spoken, audio-book paragraphs highlighted as they are read, and an overview depth
// switch that keeps the keyboard where it was. Without JavaScript every card shows its answer,
// every video is a plain link and every transcript line shows, so nothing is lost.
(function () {
  "use strict";

  // A swipe is a mostly sideways move at least this long; shorter moves are taps or scrolls.
  var SWIPE_PX = 40;

  function setUpFlashcards(deck) {
    var cards = Array.prototype.slice.call(deck.querySelectorAll(".flashcard"));
    if (!cards.length) return;
    var nav = deck.querySelector(".flashcard-nav");
    var position = deck.querySelector(".flashcard-position");
    var current = 0;
    deck.classList.add("flashcards-enhanced");
    nav.hidden = false;
    deck.querySelector(".flashcard-help").hidden = false;

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

    var list = deck.querySelector(".flashcard-list");
    var start = null;
    list.addEventListener("touchstart", function (event) {
      start = event.touches.length === 1 ? { x: event.touches[0].clientX, y: event.touches[0].clientY } : null;
    }, { passive: true });
    list.addEventListener("touchend", function (event) {
      if (!start) return;
      var dx = event.changedTouches[0].clientX - start.x;
      var dy = event.changedTouches[0].clientY - start.y;
      start = null;
      if (Math.abs(dx) < SWIPE_PX || Math.abs(dx) < 2 * Math.abs(dy)) return;
      // Swiping the card away to the left brings the next one, as in a stack of cards.
      show(dx < 0 ? current + 1 : current - 1, false);
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
      frame.allow = "autoplay; encrypted-media; picture-in-picture";
      frame.allowFullscreen = true;
      frame.setAttribute("loading", "lazy");
      // The frame takes the button's and the note's place; the "Watch on YouTube" link stays.
      slot.querySelector("[data-video-note]").remove();
      button.replaceWith(frame);
      frame.focus();
    });
  }

  // Interactive audio lesson: the line being spoken is highlighted, any line can be played from
  // its start, and the transcript folds to the current line (folded from the start on a small
  // screen, where the whole dialogue would push the rest of the lesson thousands of pixels down).
  var smallScreen = window.matchMedia("(max-width: 40rem)");

  function setUpDialogue(card) {
    var dialogue = card.querySelector("[data-dialogue]");
    var toggle = card.querySelector("[data-transcript-toggle]");
    if (!dialogue) return;
    var lines = Array.prototype.slice.call(dialogue.children);
    var player = card.querySelector("audio");
    if (!lines.length) return;

    function markCurrent(line) {
      lines.forEach(function (each) { each.classList.toggle("is-current", each === line); });
    }
    markCurrent(lines[0]);

    if (toggle && lines.length > 1) {
      var fold = function (folded) {
        dialogue.classList.toggle("is-folded", folded);
        toggle.setAttribute("aria-expanded", folded ? "false" : "true");
        toggle.textContent = folded
          ? "Show the whole transcript (" + lines.length + " lines)"
          : "Show only the current line";
      };
      toggle.hidden = false;
      toggle.addEventListener("click", function () {
        fold(toggle.getAttribute("aria-expanded") === "true");
      });
      fold(smallScreen.matches);
    }

    var timed = lines.filter(function (line) { return line.dataset.start !== undefined; });
    if (!player || !timed.length) return;
    timed.forEach(function (line) {
      var button = line.querySelector("[data-seek]");
      if (!button) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        player.currentTime = parseFloat(line.dataset.start);
        player.play();
      });
    });
    player.addEventListener("timeupdate", function () {
      var now = player.currentTime, current = timed[0];
      timed.forEach(function (line) { if (parseFloat(line.dataset.start) <= now) current = line; });
      markCurrent(current);
      timed.forEach(function (line) {
        var speaking = line === current && !player.paused;
        line.classList.toggle("is-speaking", speaking);
        if (speaking) line.setAttribute("aria-current", "true");
        else line.removeAttribute("aria-current");
      });
    });
  }

  // Audio-book chapter: the paragraph being read is highlighted, as a dialogue's line is. The
  // server marks each narrated block (paragraph, heading, list, code) with where it starts.
  function setUpNarration(card) {
    var player = card.querySelector("audio");
    var timed = Array.prototype.slice.call(card.querySelectorAll("[data-narration] [data-start]"));
    if (!player || !timed.length) return;
    player.addEventListener("timeupdate", function () {
      var now = player.currentTime, current = timed[0];
      timed.forEach(function (block) { if (parseFloat(block.dataset.start) <= now) current = block; });
      timed.forEach(function (block) {
        var reading = block === current && !player.paused;
        block.classList.toggle("is-speaking", reading);
        if (reading) block.setAttribute("aria-current", "true");
        else block.removeAttribute("aria-current");
      });
    });
  }

  // The depth links are swapped out together with the overview they control, which would drop
  // keyboard focus to <body>: put it back on the link just used (now the current one) and say
  // in the status region which overview is showing.
  function setUpOverviewSwitch() {
    var status = document.querySelector("[data-overview-status]");
    if (!status) return;
    document.body.addEventListener("htmx:afterSettle", function (event) {
      if (!event.detail.target || event.detail.target.id !== "overview") return;
      var chosen = document.querySelector("#overview .depth-switch [aria-current='true']");
      if (!chosen) return;
      chosen.focus();
      status.textContent = chosen.textContent.trim() + " overview shown.";
    });
  }

  function init() {
    document.querySelectorAll(".audio-lesson").forEach(setUpDialogue);
    document.querySelectorAll(".audiobook-chapter").forEach(setUpNarration);
    document.querySelectorAll("[data-flashcards]").forEach(setUpFlashcards);
    document.querySelectorAll(".video-slot").forEach(setUpVideo);
    setUpOverviewSwitch();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
