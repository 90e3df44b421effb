// sotay: register the service worker and show an "offline" banner. No third-party code.
(function () {
  "use strict";
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
  }
  function update() { document.documentElement.classList.toggle("offline", !navigator.onLine); }
  window.addEventListener("online", update);
  window.addEventListener("offline", update);
  update();
  // Confirm destructive actions: <form data-confirm="...">
  document.addEventListener("submit", function (e) {
    var msg = e.target.getAttribute && e.target.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) { e.preventDefault(); }
  });
})();
