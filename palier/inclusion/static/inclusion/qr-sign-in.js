/* Kiosk sign-in: on a kiosk with a camera, read the tenancy number from the QR code printed on the
   activation letter. Progressive enhancement only: the button stays hidden unless the browser has
   the BarcodeDetector API (with QR codes) and a camera; typing the number always works. Only the
   tenancy number is taken from the code (the activation code it also carries is ignored), nothing
   is sent anywhere, and the camera stops as soon as a number is found, after a minute, or when the
   page is left. */
(function () {
  "use strict";
  var box = document.querySelector("[data-qr-scan]");
  var input = document.querySelector("input[name=number]");
  if (!box || !input || !("BarcodeDetector" in window) || !navigator.mediaDevices ||
      !navigator.mediaDevices.getUserMedia || !navigator.mediaDevices.enumerateDevices) { return; }
  var start = box.querySelector("[data-qr-start]");
  var stopButton = box.querySelector("[data-qr-stop]");
  var status = box.querySelector("[data-qr-status]");
  var video = box.querySelector("video");
  var stream = null, timer = null, deadline = 0, detector = null;
  var LIMIT_MS = 60000;

  function say(key) { status.textContent = box.getAttribute("data-" + key) || ""; }

  function stop() {
    if (timer) { window.clearTimeout(timer); timer = null; }
    if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); stream = null; }
    video.hidden = true;
    stopButton.hidden = true;
    start.hidden = false;
  }

  function numberFrom(raw) {
    var text = (raw || "").trim();
    if (/^\d{1,10}$/.test(text)) { return text; }
    try {
      var value = new URL(text).searchParams.get("number") || "";
      return /^\d{1,10}$/.test(value) ? value : "";
    } catch (e) { return ""; }
  }

  function look() {
    if (!stream) { return; }
    if (Date.now() > deadline) { stop(); say("timeout"); return; }
    detector.detect(video).then(function (codes) {
      for (var i = 0; i < codes.length; i++) {
        var number = numberFrom(codes[i].rawValue);
        if (number) {
          stop();
          input.value = number;
          say("found");
          input.focus();
          return;
        }
        say("no-number");
      }
      timer = window.setTimeout(look, 300);
    }, function () { timer = window.setTimeout(look, 500); });
  }

  function begin() {
    navigator.mediaDevices.getUserMedia({video: {facingMode: "user"}, audio: false}).then(function (s) {
      stream = s;
      video.srcObject = s;
      video.hidden = false;
      start.hidden = true;
      stopButton.hidden = false;
      say("looking");
      deadline = Date.now() + LIMIT_MS;
      video.play().then(look, look);
    }, function () { say("no-camera"); });
  }

  window.BarcodeDetector.getSupportedFormats().then(function (formats) {
    if (formats.indexOf("qr_code") === -1) { return null; }
    return navigator.mediaDevices.enumerateDevices();
  }).then(function (devices) {
    if (!devices || !devices.some(function (d) { return d.kind === "videoinput"; })) { return; }
    detector = new window.BarcodeDetector({formats: ["qr_code"]});
    box.hidden = false;
    start.addEventListener("click", begin);
    stopButton.addEventListener("click", function () { stop(); status.textContent = ""; });
    window.addEventListener("pagehide", stop);
  }, function () {});
}());
