/* The warning before a signed-in session ends (WCAG 2.2.1), for the portal, the back office and
   the kiosk. The box (.session-timeout or .kiosk-timeout) carries the seconds left and the
   warning's length; "Stay signed in" / "I am still here" asks the server for more time (answered
   with the seconds now left, or 204 for the full idle time). At the end: the kiosk submits its
   Finish form (data-finish-form) so that everything is cleared; the other fronts load the page
   again, which takes the person to the sign-in page with the reason. Without JavaScript the form
   still works and the server ends idle sessions on its own (palier.accounts.middleware). */
(function () {
  "use strict";
  var box = document.querySelector(".session-timeout, .kiosk-timeout");
  if (!box || !window.fetch) { return; }
  var warnMs = parseInt(box.getAttribute("data-warning-seconds"), 10) * 1000;
  var url = box.getAttribute("data-still-here-url");
  var finishForm = document.getElementById(box.getAttribute("data-finish-form") || "");
  var form = box.querySelector("form");
  var button = form.querySelector("button");
  var countdownText = box.querySelector("[data-countdown-text]");
  var countdown = box.querySelector("[data-countdown]");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var deadline = 0, warnTimer = null, endTimer = null, tick = null, lastPing = Date.now(), returnFocus = null;

  function end() {
    clearInterval(tick);
    if (finishForm) { finishForm.submit(); } else { window.location.assign(window.location.href); }
  }
  function schedule(seconds) {
    clearTimeout(warnTimer); clearTimeout(endTimer); clearInterval(tick);
    var ms = seconds * 1000;
    deadline = Date.now() + ms;
    warnTimer = setTimeout(showWarning, Math.max(0, ms - warnMs));
    // The kiosk finishes a little before the server, to land on its start page with the "your
    // information is cleared" message; the others reload a little after it.
    endTimer = setTimeout(end, finishForm ? Math.max(0, ms - 2000) : ms + 1500);
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
  function extend() {
    lastPing = Date.now();
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: {"X-CSRFToken": csrf, "Accept": "application/json"}
    }).then(function (response) {
      if (response.status === 204) { return {remaining: parseInt(box.getAttribute("data-idle-seconds"), 10)}; }
      if (!response.ok || response.redirected) { return null; }
      return response.json();
    }).then(function (data) {
      if (!data) { end(); return false; }
      schedule(data.remaining);
      return true;
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    extend().then(function (ok) { if (ok) { hideWarning(); } }, function () { form.submit(); });
  });
  if (box.hasAttribute("data-ping-on-activity")) {
    // On the kiosk, using the page counts as being there: tell the server, at most every 30 seconds.
    ["keydown", "pointerdown"].forEach(function (type) {
      document.addEventListener(type, function () {
        if (box.hidden && Date.now() - lastPing > 30000) { extend().catch(function () {}); }
      }, {passive: true});
    });
  }
  schedule(parseInt(box.getAttribute("data-remaining-seconds"), 10));
}());
