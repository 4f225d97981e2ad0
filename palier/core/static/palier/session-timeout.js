/* Portal and back-office idle timeout: warns before the server ends the session (WCAG 2.2.1),
   lets the person stay signed in, and at the end reloads the page, which takes them to the
   sign-in page with the reason. Without JavaScript the "Stay signed in" form still works when
   shown, and the server ends idle sessions on its own (palier.accounts.middleware). */
(function () {
  "use strict";
  var box = document.querySelector(".session-timeout");
  if (!box || !window.fetch) { return; }
  var warnMs = parseInt(box.getAttribute("data-warning-seconds"), 10) * 1000;
  var url = box.getAttribute("data-still-here-url");
  var form = box.querySelector("form");
  var button = form.querySelector("button");
  var countdownText = box.querySelector("[data-countdown-text]");
  var countdown = box.querySelector("[data-countdown]");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var deadline = 0, warnTimer = null, endTimer = null, tick = null, returnFocus = null;

  function schedule(seconds) {
    clearTimeout(warnTimer); clearTimeout(endTimer); clearInterval(tick);
    var ms = seconds * 1000;
    deadline = Date.now() + ms;
    warnTimer = setTimeout(showWarning, Math.max(0, ms - warnMs));
    // A moment after the server's end, so that the reload lands on the sign-in page.
    endTimer = setTimeout(function () { window.location.assign(window.location.href); }, ms + 1500);
  }
  function update() {
    countdown.textContent = String(Math.max(0, Math.ceil((deadline - Date.now()) / 1000)));
  }
  function showWarning() {
    returnFocus = document.activeElement;
    countdownText.hidden = false;
    update();
    box.hidden = false;
    tick = setInterval(update, 1000);
    button.focus();
  }
  function hideWarning() {
    box.hidden = true;
    clearInterval(tick);
    if (returnFocus && returnFocus.focus) { returnFocus.focus(); }
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: {"X-CSRFToken": csrf, "Accept": "application/json"}
    }).then(function (response) {
      if (!response.ok || response.redirected) { window.location.assign(window.location.href); return null; }
      return response.json();
    }).then(function (data) {
      if (data) { schedule(data.remaining); hideWarning(); }
    }, function () { form.submit(); });
  });
  schedule(parseInt(box.getAttribute("data-remaining-seconds"), 10));
}());
