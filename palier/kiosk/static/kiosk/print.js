// The kiosk's "Print" button: shown only when JavaScript runs; prints the page as it is.
(function () {
  var button = document.querySelector("[data-print]");
  if (!button) return;
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
})();
