// Opsbook learning: exercises that say at once whether an answer is right and why, modules marked as
// done, and the progress page. Everything is kept in this browser only (localStorage), so it survives
// a reload and works in the offline copy; nothing is sent anywhere. Text is only ever set with
// textContent, and the words shown come from the page's own data attributes.
//
// Stored under "opsbook-learning":
//   answers: {"<entry>/<n>": {choice, right, first}}  first: whether the first answer picked was right
//   modules: {"<module>": {done: true, on: "YYYY-MM-DD"}}
//   learner: the name typed on the progress page
(function () {
  "use strict";
  var KEY = "opsbook-learning";

  function load() {
    var state;
    try {
      state = JSON.parse(window.localStorage.getItem(KEY));
    } catch (error) {
      state = null; // storage refused (private mode) or damaged: start afresh
    }
    state = state && typeof state === "object" ? state : {};
    ["answers", "modules"].forEach(function (part) {
      if (!state[part] || typeof state[part] !== "object") state[part] = {};
    });
    return state;
  }

  function save(state) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(state));
    } catch (error) {
      // storage refused: the feedback still shows, it is just not kept
    }
  }

  function today() {
    var now = new Date();
    var two = function (n) { return (n < 10 ? "0" : "") + n; };
    return now.getFullYear() + "-" + two(now.getMonth() + 1) + "-" + two(now.getDate());
  }

  // "{answered} of {count} answered, {right} right first time" with the numbers put in.
  function fill(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (whole, name) {
      return name in values ? String(values[name]) : whole;
    });
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

  function showQuizzes(state) {
    document.querySelectorAll(".opsbook-quiz").forEach(function (quiz) {
      var saved = state.answers[quiz.getAttribute("data-question")];
      var input = saved && quiz.querySelector('input[value="' + Number(saved.choice) + '"]');
      quiz.querySelectorAll("input").forEach(function (each) { each.checked = each === input; });
      if (input) {
        judge(quiz, saved.choice);
      } else {
        var verdict = quiz.querySelector(".opsbook-verdict");
        if (verdict) verdict.textContent = "";
      }
    });
  }

  function setUpQuizzes() {
    document.querySelectorAll(".opsbook-quiz").forEach(function (quiz) {
      var question = quiz.getAttribute("data-question");
      quiz.addEventListener("change", function (event) {
        var state = load();
        var before = state.answers[question];
        var right = judge(quiz, event.target.value);
        state.answers[question] = { choice: Number(event.target.value), right: right, first: before ? firstTry(before) : right };
        save(state);
      });
    });
  }

  function firstTry(answer) {
    return "first" in answer ? Boolean(answer.first) : Boolean(answer.right);
  }

  function showDone(state) {
    document.querySelectorAll(".opsbook-done").forEach(function (button) {
      var module = state.modules[button.getAttribute("data-module")];
      button.setAttribute("aria-pressed", module && module.done ? "true" : "false");
      button.hidden = false;
    });
  }

  function setUpDone() {
    document.querySelectorAll(".opsbook-done").forEach(function (button) {
      button.addEventListener("click", function () {
        var state = load();
        var id = button.getAttribute("data-module");
        var done = !(state.modules[id] && state.modules[id].done);
        if (done) state.modules[id] = { done: true, on: today() };
        else delete state.modules[id];
        save(state);
        showDone(state);
        var status = button.closest(".opsbook-module-done").querySelector(".opsbook-done-status");
        if (status) status.textContent = status.getAttribute(done ? "data-done" : "data-undone");
      });
    });
  }

  // Each module's state and score in every progress table of the page.
  function showProgress(state) {
    document.querySelectorAll(".opsbook-progress").forEach(function (table) {
      var done = 0, rows = table.querySelectorAll("tr[data-module]");
      rows.forEach(function (row) {
        var keys = (row.getAttribute("data-questions") || "").split(" ").filter(Boolean);
        var answered = keys.filter(function (key) { return state.answers[key]; });
        var right = answered.filter(function (key) { return firstTry(state.answers[key]); });
        var module = state.modules[row.getAttribute("data-module")];
        var name = module && module.done ? "done" : answered.length ? "in-progress" : "not-started";
        if (name === "done") done += 1;
        row.setAttribute("data-state", name);
        row.querySelector(".opsbook-state").textContent = table.getAttribute("data-" + name);
        row.querySelector(".opsbook-score").textContent = answered.length
          ? fill(table.getAttribute("data-score"), { answered: answered.length, right: right.length, count: keys.length })
          : "—";
      });
      var total = table.parentNode.querySelector(".opsbook-modules-done");
      if (total) total.textContent = fill(total.getAttribute("data-text"), { done: done, count: rows.length });
    });
  }

  function showLearner(state) {
    var input = document.getElementById("opsbook-learner-name");
    if (!input) return;
    input.value = state.learner || "";
    var printed = document.querySelector(".opsbook-learner-printed");
    if (printed) printed.textContent = input.value;
  }

  function setUpProgressPage() {
    var input = document.getElementById("opsbook-learner-name");
    if (input) {
      input.addEventListener("input", function () {
        var state = load();
        state.learner = input.value.slice(0, 100);
        save(state);
        showLearner(state);
      });
    }
    document.querySelectorAll(".opsbook-today").forEach(function (time) {
      time.textContent = new Date().toLocaleDateString(document.documentElement.lang || undefined, {
        year: "numeric", month: "long", day: "numeric"
      });
    });
    document.querySelectorAll(".opsbook-print").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
    document.querySelectorAll(".opsbook-reset").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        if (!window.confirm(button.getAttribute("data-confirm"))) return;
        try {
          window.localStorage.removeItem(KEY);
        } catch (error) {
          // storage refused: there is nothing kept to delete
        }
        showAll();
        var status = document.querySelector(".opsbook-reset-status");
        if (status) status.textContent = status.getAttribute("data-text");
      });
    });
  }

  function showAll() {
    var state = load();
    showQuizzes(state);
    showDone(state);
    showProgress(state);
    showLearner(state);
  }

  function setUp() {
    setUpQuizzes();
    setUpDone();
    setUpProgressPage();
    showAll();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
