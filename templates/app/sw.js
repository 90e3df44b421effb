// sotay service worker: app shell cached at install; pages network-first with a cached copy.
const VERSION = "sotay-v5";
const OFFLINE = "sotay-offline"; // saved and latest items, filled by app.js
const SHELL = [{% for a in assets %}"{{ a }}", {% endfor %}"/offline/"];
self.addEventListener("install", (e) => {
  e.waitUntil(caches.open(VERSION).then((c) => c.addAll(SHELL)).then(() => self.skipWaiting()));
});
self.addEventListener("activate", (e) => {
  e.waitUntil(caches.keys().then((keys) => Promise.all(keys.filter((k) => k !== VERSION && k !== OFFLINE).map((k) => caches.delete(k)))).then(() => self.clients.claim()));
});
self.addEventListener("fetch", (e) => {
  const req = e.request;
  const url = new URL(req.url);
  if (req.method !== "GET" || url.origin !== location.origin || url.pathname.startsWith("/api/") || url.pathname.startsWith("/quan-ly/")) return;
  if (url.pathname.startsWith("/static/")) {
    e.respondWith(caches.match(req).then((hit) => hit || fetch(req).then((res) => { const copy = res.clone(); caches.open(VERSION).then((c) => c.put(req, copy)); return res; })));
    return;
  }
  if (/\/nghe(\/.*)?\.ogg$/.test(url.pathname)) {
    // Listen-aloud audio: from the offline copy when there is one (also saves data online),
    // answering the player's range requests from it.
    e.respondWith(caches.open(OFFLINE).then((c) => c.match(url.pathname)).then((hit) => {
      if (!hit) return fetch(req);
      const range = req.headers.get("range");
      if (!range) return hit;
      return hit.arrayBuffer().then((buf) => {
        const m = /bytes=(\d+)-(\d*)/.exec(range) || [null, "0", ""];
        const start = Number(m[1]);
        const end = m[2] ? Math.min(Number(m[2]), buf.byteLength - 1) : buf.byteLength - 1;
        return new Response(buf.slice(start, end + 1), { status: 206, headers: {
          "Content-Type": hit.headers.get("Content-Type") || "audio/ogg",
          "Content-Range": `bytes ${start}-${end}/${buf.byteLength}`,
          "Content-Length": String(end - start + 1), "Accept-Ranges": "bytes" } });
      });
    }));
    return;
  }
  if (req.mode === "navigate") {
    e.respondWith(fetch(req).then((res) => {
      if (res.ok) { const copy = res.clone(); caches.open(VERSION).then((c) => c.put(req, copy)); }
      return res;
    }).catch(() => caches.open(OFFLINE).then((c) => c.match(req, { ignoreVary: true }))
      .then((hit) => hit || caches.match(req, { ignoreVary: true }))
      .then((hit) => hit || caches.match("/offline/"))));
  }
});
self.addEventListener("push", (e) => {
  let data = {};
  try { data = e.data ? e.data.json() : {}; } catch (err) { data = { title: e.data && e.data.text() }; }
  e.waitUntil(self.registration.showNotification(data.title || "Sổ tay đảng viên", {
    body: data.body || "", icon: "{{ icon }}", badge: "{{ icon }}", lang: "vi", data: { url: data.url || "/thong-bao/" },
    // The same delivery sent again after a worker crash replaces itself instead of showing twice.
    tag: data.tag || undefined,
  }));
});
self.addEventListener("notificationclick", (e) => {
  e.notification.close();
  const url = (e.notification.data && e.notification.data.url) || "/thong-bao/";
  e.waitUntil(clients.matchAll({ type: "window", includeUncontrolled: true }).then((list) => {
    for (const c of list) { if ("focus" in c) { c.navigate(url); return c.focus(); } }
    return clients.openWindow(url);
  }));
});
