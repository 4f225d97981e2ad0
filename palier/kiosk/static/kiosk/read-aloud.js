/* "Read this page aloud": the browser's own speech, in the page's language. The button stays
   hidden where JavaScript or speech is unavailable. */
(function () {
  "use strict";
  var button = document.querySelector("[data-read-aloud]");
  if (!button || !("speechSynthesis" in window) || typeof window.SpeechSynthesisUtterance === "undefined") { return; }
  var synth = window.speechSynthesis;
  button.hidden = false;

  function stop() {
    synth.cancel();
    button.setAttribute("aria-pressed", "false");
  }
  function pageText() {
    var parts = [];
    document.querySelectorAll("main, .help-block").forEach(function (el) { parts.push(el.innerText); });
    return parts.join("\n");
  }
  button.addEventListener("click", function () {
    if (synth.speaking || synth.pending) { stop(); return; }
    var utterance = new window.SpeechSynthesisUtterance(pageText());
    utterance.lang = document.documentElement.lang || "fr";
    utterance.rate = 0.9;
    utterance.onend = utterance.onerror = function () { button.setAttribute("aria-pressed", "false"); };
    button.setAttribute("aria-pressed", "true");
    synth.speak(utterance);
  });
  window.addEventListener("pagehide", stop);
}());
