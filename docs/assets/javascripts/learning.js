// Opsbook exercises: a multiple-choice question says at once whether the picked answer is right, and
// why; answers are kept in this browser only (localStorage), so they survive a reload and work in the
// offline copy. Nothing is sent anywhere. Text is only ever set with textContent.
(function () {
  "use strict";
  var KEY = "opsbook-learning";

  function load() {
    try {
      var state = JSON.parse(window.localStorage.getItem(KEY));
      return state && typeof state === "object" ? state : {};
    } catch (error) {
      return {}; // storage refused (private mode) or damaged: start afresh
    }
  }

  function save(state) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(state));
    } catch (error) {
      // storage refused: the feedback still shows, it is just not kept
    }
  }

  // Show the verdict for one choice; returns whether it was the right one.
  function judge(quiz, choice) {
    var why = quiz.querySelector('.opsbook-why[data-choice="' + Number(choice) + '"]');
    var verdict = quiz.querySelector(".opsbook-verdict");
    if (!why || !verdict) return false;
    var right = why.getAttribute("data-right") === "yes";
    verdict.textContent = verdict.getAttribute(right ? "data-right" : "data-wrong") + " " + why.textContent;
    verdict.classList.toggle("opsbook-right", right);
    verdict.classList.toggle("opsbook-wrong", !right);
    return right;
  }

  function setUp() {
    var answers = load().answers || {};
    document.querySelectorAll(".opsbook-quiz").forEach(function (quiz) {
      var question = quiz.getAttribute("data-question");
      var saved = answers[question];
      if (saved) {
        var input = quiz.querySelector('input[value="' + Number(saved.choice) + '"]');
        if (input) {
          input.checked = true;
          judge(quiz, saved.choice);
        }
      }
      quiz.addEventListener("change", function (event) {
        var state = load();
        state.answers = state.answers || {};
        state.answers[question] = { choice: Number(event.target.value), right: judge(quiz, event.target.value) };
        save(state);
      });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
