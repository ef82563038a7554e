// The memory game: choose a term, then its definition (or the other way round). A right pair
// locks, a wrong one adds the penalty to the clock. Keyboard: Tab or the arrow keys move
// (up/down in a column, left/right across), Enter or Space chooses. When every pair is matched
// the result goes to the server, which times the game on its own clock and keeps the best.
(function () {
  "use strict";

  function seconds(ms) { return (ms / 1000).toFixed(1) + " s"; }

  function setUp(root) {
    var board = root.querySelector("[data-memory-board]");
    var timer = root.querySelector("[data-memory-timer]");
    var count = root.querySelector("[data-memory-count]");
    var mistakesText = root.querySelector("[data-memory-mistakes]");
    var live = root.querySelector("[data-memory-live]");
    var done = root.querySelector("[data-memory-done]");
    var form = root.querySelector("[data-memory-finish]");
    var penalty = parseInt(root.dataset.penaltyMs, 10);
    var total = parseInt(root.dataset.pairs, 10);
    var columns = Array.prototype.slice.call(root.querySelectorAll("[data-column]"));
    var started = performance.now(), penalties = 0, mistakes = 0, matched = 0, chosen = null;

    root.querySelector("[data-memory-nojs]").hidden = true;
    board.hidden = false;
    var ticking = setInterval(function () {
      timer.textContent = seconds(performance.now() - started + penalties);
    }, 100);

    function cardsOf(column) {
      return Array.prototype.slice.call(column.querySelectorAll(".memory-card:not([disabled])"));
    }

    function choose(card) {
      if (chosen) chosen.setAttribute("aria-pressed", "false");
      chosen = card;
      if (card) card.setAttribute("aria-pressed", "true");
    }

    function say(text) { live.textContent = text; }

    function pick(card) {
      if (card.disabled) return;
      if (!chosen || chosen === card || chosen.closest("[data-column]") === card.closest("[data-column]")) {
        choose(chosen === card ? null : card);
        return;
      }
      var first = chosen;
      choose(null);
      if (first.dataset.key === card.dataset.key) {
        matched += 1;
        [first, card].forEach(function (each) {
          each.disabled = true;
          each.classList.add("is-matched");
        });
        count.textContent = matched + " of " + total + " pairs";
        var term = first.closest("[data-column='terms']") ? first : card;
        var definition = term === first ? card : first;
        say("Matched: " + term.textContent + " — " + definition.textContent + ". " + count.textContent + ".");
        if (matched === total) finish();
        else (cardsOf(columns[0])[0] || cardsOf(columns[1])[0]).focus();
      } else {
        mistakes += 1;
        penalties += penalty;
        mistakesText.textContent = mistakes + (mistakes === 1 ? " mistake" : " mistakes");
        [first, card].forEach(function (each) {
          each.classList.add("is-wrong");
          setTimeout(function () { each.classList.remove("is-wrong"); }, 600);
        });
        say("Not a pair: plus " + penalty / 1000 + " seconds.");
      }
    }

    board.addEventListener("click", function (event) {
      var card = event.target.closest(".memory-card");
      if (card) pick(card);
    });

    board.addEventListener("keydown", function (event) {
      var card = event.target.closest(".memory-card");
      if (!card) return;
      var column = columns.indexOf(card.closest("[data-column]"));
      var cards = cardsOf(columns[column]);
      var index = cards.indexOf(card), target = null;
      if (event.key === "ArrowDown") target = cards[(index + 1) % cards.length];
      else if (event.key === "ArrowUp") target = cards[(index - 1 + cards.length) % cards.length];
      else if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
        var other = cardsOf(columns[1 - column]);
        target = other[Math.min(index, other.length - 1)];
      }
      if (target) { target.focus(); event.preventDefault(); }
    });

    function finish() {
      clearInterval(ticking);
      // The matched board stays above the result, as a summary of the pairs.
      done.hidden = false;
      var result = done.querySelector("[data-memory-result]");
      result.textContent = "Saving your time…";
      done.focus();
      var data = new FormData(form);
      data.append("mistakes", String(mistakes));
      fetch(form.action, { method: "POST", body: data, credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (answer) {
          if (answer.error) { result.textContent = answer.error; say(answer.error); return; }
          var text = "Your time: " + seconds(answer.time_ms) +
            (mistakes ? " (with " + mistakes + " × " + penalty / 1000 + " s for mistakes)." : ".");
          if (answer.best_ms === null) text += " Log in to keep your personal best.";
          else if (answer.new_best) text += " A new personal best!";
          else text += " Your personal best: " + seconds(answer.best_ms) + ".";
          result.textContent = text;
          say(text);
        })
        .catch(function () { result.textContent = "Your time could not be saved; try again."; });
    }
  }

  function init() { document.querySelectorAll("[data-memory]").forEach(setUp); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
