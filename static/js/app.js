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
  // Offline reading: keep the member's saved items and the latest items in the
  // "sotay-offline" cache, which the service worker serves when there is no connection.
  var OFFLINE = "sotay-offline";
  function syncOffline(force) {
    var list = document.body.getAttribute("data-offline-list");
    if (!list || !("caches" in window) || !navigator.onLine) { return; }
    var last = +(localStorage.getItem("sotay-offline-sync") || 0);
    if (!force && Date.now() - last < 10 * 60 * 1000) { return; }
    var stopList = new AbortController();
    setTimeout(function () { stopList.abort(); }, 20000);
    fetch(list, { credentials: "same-origin", signal: stopList.signal }).then(function (res) {
      return res.ok ? res.json() : { urls: [] };
    }).then(function (data) {
      return caches.open(OFFLINE).then(function (cache) {
        return cache.keys().then(function (keys) {
          var keep = {};
          data.urls.forEach(function (u) { keep[new URL(u, location.href).href] = true; });
          keys.forEach(function (k) { if (!keep[k.url]) { cache.delete(k); } });
          // redirect: "manual" — a page that now needs signing in (after signing out) must not be
          // followed to the sign-in page, whose fresh CSRF cookie would break a sign-in in
          // progress in another tab.
          return Promise.all(data.urls.map(function (u) {
            // A page that does not answer within 20 s (weak 3G, a stuck request) is skipped,
            // so that one never holds up the rest of the offline copy.
            var stop = new AbortController();
            var timer = setTimeout(function () { stop.abort(); }, 20000);
            return fetch(u, { credentials: "same-origin", redirect: "manual", signal: stop.signal }).then(function (res) {
              if (res.ok && res.type === "basic") { return cache.put(u, res); }
            }).catch(function () {}).then(function () { clearTimeout(timer); });
          }));
        });
      });
    }).then(function () {
      localStorage.setItem("sotay-offline-sync", String(Date.now()));
      document.documentElement.setAttribute("data-offline-ready", "1");
    }).catch(function () {});
  }
  window.sotaySyncOffline = syncOffline;
  var pending = sessionStorage.getItem("sotay-sync-needed");
  sessionStorage.removeItem("sotay-sync-needed");
  syncOffline(!!pending);
  document.addEventListener("submit", function (e) {
    if (e.target.hasAttribute && e.target.hasAttribute("data-save-offline")) {
      sessionStorage.setItem("sotay-sync-needed", "1");
    }
    // getAttribute, not .action: a form with a field named "action" shadows the property.
    var target = e.target.getAttribute ? e.target.getAttribute("action") || "" : "";
    if (target.indexOf("/dang-xuat/") !== -1 && "caches" in window) {
      caches.delete(OFFLINE);  // a shared phone keeps nothing of the member after signing out
      localStorage.removeItem("sotay-offline-sync");
    }
  }, true);
  document.body.addEventListener("htmx:afterRequest", function (e) {
    var form = e.detail && e.detail.elt;
    if (form && form.hasAttribute && form.hasAttribute("data-save-offline") && e.detail.successful) {
      sessionStorage.removeItem("sotay-sync-needed");
      syncOffline(true);
    }
  });
  // Reading receipt: tell the server once when the end of the text comes into view.
  var reader = document.querySelector("[data-finished-url]");
  var end = document.getElementById("end-of-item");
  if (reader && end && "IntersectionObserver" in window) {
    var sent = false;
    new IntersectionObserver(function (entries, obs) {
      if (sent || !entries.some(function (x) { return x.isIntersecting; })) { return; }
      sent = true;
      obs.disconnect();
      var body = new FormData();
      body.append("csrfmiddlewaretoken", reader.getAttribute("data-csrf"));
      fetch(reader.getAttribute("data-finished-url"), { method: "POST", body: body, credentials: "same-origin", keepalive: true }).catch(function () {});
    }).observe(end);
  }
  // Refuse an oversized file before uploading it: <input type=file data-max-bytes="...">
  document.addEventListener("change", function (e) {
    var input = e.target;
    if (!input.files || !input.hasAttribute("data-max-bytes")) { return; }
    var max = +input.getAttribute("data-max-bytes");
    var old = input.parentNode.querySelector(".size-error");
    if (old) { old.remove(); }
    var file = input.files[0];
    if (file && file.size > max) {
      var note = document.createElement("p");
      note.className = "errorlist size-error";
      note.setAttribute("role", "alert");
      note.textContent = "Tệp “" + file.name + "” quá lớn (" + Math.round(file.size / 1048576) +
        " MB). Chỉ nhận tệp tối đa " + Math.round(max / 1048576) + " MB.";
      input.insertAdjacentElement("afterend", note);
      input.value = "";
    }
  });
  // Confirm destructive actions: <form data-confirm="...">
  document.addEventListener("submit", function (e) {
    var msg = e.target.getAttribute && e.target.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) { e.preventDefault(); }
  });
})();
