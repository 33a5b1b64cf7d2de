// Certwright exam page: saves each change at once (ordered by a sequence number, so a late or
// retried request never overwrites a newer answer) and counts down the server's remaining time.
// Without JavaScript the page still works: the buttons save through the form.
(function () {
  "use strict";
  var form = document.getElementById("answer-form");
  var timer = document.getElementById("timer");
  var live = document.getElementById("timer-live");
  var state = document.getElementById("save-state");
  if (!form || !timer) { return; }
  var seq = parseInt(form.dataset.seq || "0", 10);
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;

  function save() {
    seq += 1;
    var checked = form.querySelector("input[name=answer]:checked");
    var body = {
      position: parseInt(form.dataset.position, 10),
      answer: checked ? checked.value : null,
      flagged: form.querySelector("input[name=flagged]").checked,
      seq: seq
    };
    state.textContent = "Saving…";
    fetch(form.dataset.saveUrl, {
      method: "PUT", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf},
      body: JSON.stringify(body)
    }).then(function (response) {
      if (response.status === 409) { window.location.reload(); return; }
      state.textContent = response.ok ? "Saved" : "Not saved: the answer will be saved when you move on";
    }).catch(function () {
      state.textContent = "Connection lost: your answer will be saved when you move on";
    });
  }
  form.addEventListener("change", save);

  var remaining = parseInt(timer.dataset.remaining, 10);
  var paused = timer.dataset.paused === "1";
  function show() {
    var m = Math.floor(remaining / 60), s = remaining % 60;
    timer.textContent = m + ":" + (s < 10 ? "0" : "") + s;
    if (remaining % 300 === 0 || remaining === 60) { live.textContent = m + " minutes left"; }
  }
  show();
  if (!paused) {
    setInterval(function () {
      remaining = Math.max(0, remaining - 1);
      show();
      if (remaining === 0) { window.location.reload(); }
    }, 1000);
  }
})();
