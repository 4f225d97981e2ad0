// After django-otp-webauthn's script has added a passkey, go to the page that says what next
// (the backup codes, when this was the first second factor). Without JavaScript, passkeys are not
// offered at all and the authenticator app works as before.
document.addEventListener("otp_webauthn.register_complete", function () {
  var target = document.querySelector("[data-passkey-done]");
  if (target) {
    window.location.assign(target.getAttribute("data-passkey-done"));
  }
});
