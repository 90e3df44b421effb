// Messaging on a weak connection. Every message gets an id made on this phone (client_id) and
// waits in an outbox kept in localStorage until the server acknowledges it; after a lost
// connection the outbox is sent again with the same ids, and the server stores each id once,
// so nothing is lost and nothing arrives twice. Messages missed while offline are fetched on
// reconnect. Text is always inserted as text (never as HTML).
(function () {
  var list = document.getElementById("messages");
  var form = document.getElementById("chat-form");
  if (!list || !form) return;
  var conversation = list.dataset.conversation;
  var me = list.dataset.me;
  var state = document.getElementById("chat-state");
  var box = "sotay-outbox-" + conversation;
  var socket = null;
  var retry = 1000;

  function outbox() {
    try { return JSON.parse(localStorage.getItem(box) || "[]"); } catch (e) { return []; }
  }
  function keep(items) { localStorage.setItem(box, JSON.stringify(items)); }
  function setState(text, ok) {
    state.textContent = text;
    state.className = "badge " + (ok ? "full" : "warn");
  }
  function lastId() {
    var ids = Array.prototype.map.call(list.querySelectorAll("[data-id]"), function (li) {
      return parseInt(li.dataset.id, 10) || 0;
    });
    return ids.length ? Math.max.apply(null, ids) : 0;
  }
  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return "10000000-1000-4000-8000-100000000000".replace(/[018]/g, function (c) {
      return (c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16);
    });
  }
  function render(m, pending) {
    var li = list.querySelector('[data-client-id="' + m.client_id + '"]');
    if (!li && m.id) li = list.querySelector('[data-id="' + m.id + '"]');
    var fresh = !li;
    if (fresh) {
      li = document.createElement("li");
      li.setAttribute("data-testid", "message");
      li.innerHTML = '<span class="who"></span><span class="body"></span><span class="when"></span>';
      list.appendChild(li);
    }
    li.className = "msg" + (m.sender_id === me || pending ? " mine" : "") + (pending ? " pending" : "");
    li.dataset.clientId = m.client_id;
    if (m.id) li.dataset.id = m.id;
    li.querySelector(".who").textContent = m.sender || "Tôi";
    var body = li.querySelector(".body");
    if (m.hidden) {
      body.textContent = "Tin nhắn đã bị ẩn: " + (m.hidden_reason || "");
      body.className = "body muted";
    } else {
      body.textContent = m.body;
      if (m.attachment && !li.querySelector("a.file")) {
        var a = document.createElement("a");
        a.className = "file";
        a.href = m.attachment;
        a.textContent = m.attachment_name;
        body.after(a);
      }
    }
    li.querySelector(".when").textContent = m.created_at
      ? new Date(m.created_at).toLocaleTimeString("vi-VN", { hour: "2-digit", minute: "2-digit" })
      : "";
    if (fresh) li.scrollIntoView({ block: "end" });
  }
  function flush() {
    if (!socket || socket.readyState !== 1) return;
    outbox().forEach(function (item) {
      socket.send(JSON.stringify({
        type: "send", conversation: conversation, client_id: item.client_id, body: item.body,
      }));
    });
  }
  function catchUp() {
    return fetch(list.dataset.since + "?sau=" + lastId(), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : { messages: [] }; })
      .then(function (data) { data.messages.forEach(function (m) { render(m, false); }); })
      .catch(function () {});
  }
  function markRead() {
    if (socket && socket.readyState === 1 && lastId()) {
      socket.send(JSON.stringify({ type: "read", conversation: conversation, id: lastId() }));
    }
  }
  function connect() {
    if (!navigator.onLine) { setState("Mất kết nối — tin nhắn sẽ gửi khi có mạng", false); return; }
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + "/ws/tin-nhan/");
    socket.onopen = function () {
      retry = 1000;
      setState("Đã kết nối", true);
      catchUp().then(function () { flush(); markRead(); });
    };
    socket.onmessage = function (event) {
      var data = JSON.parse(event.data);
      if (data.type === "message" && data.message.conversation === conversation) {
        render(data.message, false);
        markRead();
      } else if (data.type === "ack") {
        keep(outbox().filter(function (i) { return i.client_id !== data.client_id; }));
        var li = list.querySelector('[data-client-id="' + data.client_id + '"]');
        if (li) { li.classList.remove("pending"); li.dataset.id = data.id; }
      } else if (data.type === "error") {
        keep(outbox().filter(function (i) { return i.client_id !== data.client_id; }));
        var bad = list.querySelector('[data-client-id="' + data.client_id + '"]');
        if (bad) { bad.classList.remove("pending"); bad.classList.add("failed"); }
        setState(data.message, false);
      }
    };
    socket.onclose = function () {
      socket = null;
      if (!navigator.onLine) { setState("Mất kết nối — tin nhắn sẽ gửi khi có mạng", false); return; }
      setState("Đang kết nối lại…", false);
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 15000);
    };
  }
  window.addEventListener("offline", function () {
    setState("Mất kết nối — tin nhắn sẽ gửi khi có mạng", false);
    if (socket) socket.close();
  });
  window.addEventListener("online", function () { if (!socket) connect(); });

  form.addEventListener("submit", function (event) {
    var file = form.querySelector('input[type="file"]');
    if (file && file.files.length) return; // files go through the normal upload
    event.preventDefault();
    var text = form.querySelector("textarea").value.trim();
    if (!text) return;
    var item = { client_id: newId(), body: text };
    keep(outbox().concat([item]));
    render({ client_id: item.client_id, body: text, sender_id: me, sender: "Tôi" }, true);
    form.querySelector("textarea").value = "";
    flush();
  });
  // Messages still waiting from an earlier visit are shown, then sent when connected.
  outbox().forEach(function (item) {
    render({ client_id: item.client_id, body: item.body, sender_id: me, sender: "Tôi" }, true);
  });
  connect();
})();
