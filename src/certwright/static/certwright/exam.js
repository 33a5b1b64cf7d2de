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
    latest[body.position] = body;
    send(body, 0);
  }

  // A save that fails because the server or its database is briefly away (503 with Retry-After,
  // 502/504 from a proxy, or no connection) is sent again with the same seq, so it is stored once;
  // a newer save of the same question replaces it.
  var latest = {};
  function send(body, attempt) {
    fetch(form.dataset.saveUrl, {
      method: "PUT", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf},
      body: JSON.stringify(body)
    }).then(function (response) {
      if (response.status === 409) { window.location.reload(); return; }
      if (response.status === 502 || response.status === 503 || response.status === 504) {
        retry(body, attempt, response.headers.get("Retry-After"));
        return;
      }
      state.textContent = response.ok ? "Saved" : "Not saved: the answer will be saved when you move on";
    }).catch(function () { retry(body, attempt, null); });
  }
  function retry(body, attempt, retryAfter) {
    var wait = retryAfter ? parseInt(retryAfter, 10) * 1000 : Math.min(30000, 1000 * Math.pow(2, attempt));
    state.textContent = "Connection lost: retrying in " + Math.round(wait / 1000) + " s; your answer is kept";
    setTimeout(function () {
      if (latest[body.position] === body) { send(body, attempt + 1); }
    }, wait);
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
