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
  // Web Push: subscribe this browser on request (never without the member asking).
  function b64ToBytes(b64) {
    var pad = "=".repeat((4 - (b64.length % 4)) % 4);
    var raw = atob((b64 + pad).replace(/-/g, "+").replace(/_/g, "/"));
    return Uint8Array.from(raw, function (c) { return c.charCodeAt(0); });
  }
  var pushButton = document.getElementById("push-enable");
  if (pushButton) {
    var status = document.getElementById("push-status");
    if (!("serviceWorker" in navigator) || !("PushManager" in window)) {
      status.textContent = "Trình duyệt này không hỗ trợ thông báo đẩy; thông báo vẫn có trong hộp thư.";
      pushButton.disabled = true;
    }
    pushButton.addEventListener("click", function () {
      Notification.requestPermission().then(function (perm) {
        if (perm !== "granted") { throw new Error("Bạn chưa cho phép hiện thông báo."); }
        return navigator.serviceWorker.ready;
      }).then(function (reg) {
        return reg.pushManager.subscribe({ userVisibleOnly: true,
          applicationServerKey: b64ToBytes(pushButton.dataset.vapidKey) });
      }).then(function (sub) {
        return fetch(pushButton.dataset.endpoint, { method: "POST", credentials: "same-origin",
          headers: { "Content-Type": "application/json",
                     "X-CSRFToken": document.cookie.replace(/(?:^|.*;\s*)csrftoken\s*=\s*([^;]*).*$|^.*$/, "$1") },
          body: JSON.stringify(sub) });
      }).then(function (res) {
        status.textContent = res.ok ? "Đã bật thông báo trên máy này." : "Chưa bật được, hãy thử lại.";
      }).catch(function (err) { status.textContent = err.message || "Chưa bật được thông báo."; });
    });
  }
  // Confirm destructive actions: <form data-confirm="...">
  document.addEventListener("submit", function (e) {
    var msg = e.target.getAttribute && e.target.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) { e.preventDefault(); }
  });
})();
