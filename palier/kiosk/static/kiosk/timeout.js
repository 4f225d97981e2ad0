/* Kiosk idle timeout: warns before the session ends, lets the person ask for more time, and
   at the end submits the Finish form so everything is cleared. Without JavaScript the server
   ends the session on its own (palier.accounts.middleware.SessionPolicyMiddleware). */
(function () {
  "use strict";
  var box = document.querySelector(".kiosk-timeout");
  if (!box || !window.fetch) { return; }
  var idleMs = parseInt(box.getAttribute("data-remaining-seconds"), 10) * 1000;
  var fullIdleMs = null;
  var warnMs = parseInt(box.getAttribute("data-warning-seconds"), 10) * 1000;
  var stillHereUrl = box.getAttribute("data-still-here-url");
  var finishForm = document.getElementById(box.getAttribute("data-finish-form"));
  var stillForm = box.querySelector("form");
  var stillButton = stillForm.querySelector("button");
  var countdownText = box.querySelector("[data-countdown-text]");
  var countdown = box.querySelector("[data-countdown]");
  var csrf = stillForm.querySelector("input[name=csrfmiddlewaretoken]").value;
  var deadline = 0, warnTimer = null, endTimer = null, tick = null, lastPing = Date.now(), returnFocus = null;

  function schedule(ms) {
    clearTimeout(warnTimer); clearTimeout(endTimer); clearInterval(tick);
    // End a little before the server does, so the person lands on the start page with the
    // "your information is cleared" message.
    deadline = Date.now() + ms;
    warnTimer = setTimeout(showWarning, Math.max(0, ms - warnMs));
    endTimer = setTimeout(finish, Math.max(0, ms - 2000));
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
    stillButton.focus();
  }
  function hideWarning() {
    box.hidden = true;
    clearInterval(tick);
    if (returnFocus && returnFocus.focus) { returnFocus.focus(); }
  }
  function finish() {
    clearInterval(tick);
    finishForm.submit();
  }
  function ping() {
    lastPing = Date.now();
    return fetch(stillHereUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: {"X-CSRFToken": csrf, "Accept": "application/json"}
    });
  }
  function extend() {
    return ping().then(function (response) {
      if (response.status === 204) {
        fullIdleMs = fullIdleMs || parseInt(box.getAttribute("data-idle-seconds"), 10) * 1000;
        schedule(fullIdleMs);
        return true;
      }
      finish();
      return false;
    });
  }

  stillForm.addEventListener("submit", function (event) {
    event.preventDefault();
    extend().then(function (ok) { if (ok) { hideWarning(); } }, function () { stillForm.submit(); });
  });
  // Using the page counts as being there: tell the server, at most every 30 seconds.
  ["keydown", "pointerdown"].forEach(function (type) {
    document.addEventListener(type, function () {
      if (box.hidden && Date.now() - lastPing > 30000) { extend().catch(function () {}); }
    }, {passive: true});
  });
  schedule(idleMs);
}());
