/* Kiosk pairing: the device token (typed, or in the link's #fragment) is kept in localStorage and
   the kiosk opens. URLs and messages come from data-* attributes on #pair-form and #pair-status. */
(function () {
  var KEY = "gx.kiosk.token";
  var form = document.getElementById("pair-form"), status = document.getElementById("pair-status");
  var kiosk = form.dataset.kioskUrl;
  function save(token) {
    token = (token || "").trim();
    if (token.indexOf("gx_") !== 0) { status.textContent = status.dataset.badFormat; return; }
    localStorage.setItem(KEY, token);
    history.replaceState(null, "", location.pathname);
    location.href = kiosk;
  }
  if (location.hash.length > 1) { save(decodeURIComponent(location.hash.slice(1))); }
  form.addEventListener("submit", function (e) { e.preventDefault(); save(document.getElementById("pair-token").value); });
  document.getElementById("pair-forget").addEventListener("click", function () { localStorage.removeItem(KEY); status.textContent = status.dataset.cleared; });
  if (localStorage.getItem(KEY)) { status.textContent = status.dataset.paired; }
})();
