// Listen-aloud: one speed for every part, the position of each part remembered on the phone,
// parts played one after another, the audio saved for offline listening, and — where the phone
// has a Vietnamese voice — reading with it instead (Web Speech API).
(function () {
  var box = document.getElementById("listen");
  if (!box) return;
  var audios = Array.prototype.slice.call(document.querySelectorAll("audio[data-key]"));
  var speed = document.getElementById("speed");
  var state = document.getElementById("listen-state");
  var saved = parseFloat(localStorage.getItem("sotay-listen-speed") || "1");
  speed.value = String(saved);

  function applySpeed() {
    audios.forEach(function (a) { a.playbackRate = parseFloat(speed.value); });
    localStorage.setItem("sotay-listen-speed", speed.value);
  }
  speed.addEventListener("change", applySpeed);
  audios.forEach(function (a, i) {
    var key = "sotay-listen-pos-" + a.dataset.key;
    a.addEventListener("loadedmetadata", function () {
      var at = parseFloat(localStorage.getItem(key) || "0");
      if (at > 0 && at < a.duration - 1) a.currentTime = at;
      a.playbackRate = parseFloat(speed.value);
    });
    a.addEventListener("timeupdate", function () {
      if (Math.floor(a.currentTime) % 3 === 0) localStorage.setItem(key, String(a.currentTime));
    });
    a.addEventListener("play", function () {
      audios.forEach(function (other) { if (other !== a) other.pause(); });
    });
    a.addEventListener("ended", function () {
      localStorage.removeItem(key);
      var next = audios[i + 1];
      if (next) { next.scrollIntoView({ block: "center" }); next.play(); }
    });
  });
  document.getElementById("play-all").addEventListener("click", function () {
    var first = audios.find(function (a) { return localStorage.getItem("sotay-listen-pos-" + a.dataset.key); }) || audios[0];
    if (first) first.play();
  });
  document.getElementById("save-audio").addEventListener("click", function () {
    if (!("caches" in window)) { state.textContent = "Trình duyệt này không lưu được để nghe khi không có mạng."; return; }
    caches.open("sotay-offline").then(function (cache) {
      var urls = audios.map(function (a) { return a.getAttribute("src"); }).concat([location.pathname]);
      return Promise.all(urls.map(function (u) {
        return fetch(u, { credentials: "same-origin" }).then(function (r) { if (r.ok) return cache.put(u, r); });
      }));
    }).then(function () { state.textContent = "Đã lưu. Có thể nghe khi không có mạng."; })
      .catch(function () { state.textContent = "Chưa lưu được; hãy thử lại khi có mạng."; });
  });
  // The phone's own Vietnamese voice, where there is one.
  var phone = document.getElementById("phone-voice");
  function viVoice() {
    return ("speechSynthesis" in window) && speechSynthesis.getVoices().find(function (v) { return /^vi/i.test(v.lang); });
  }
  function offerPhone() { if (viVoice()) phone.hidden = false; }
  if ("speechSynthesis" in window) { offerPhone(); speechSynthesis.onvoiceschanged = offerPhone; }
  phone.addEventListener("click", function () {
    if (speechSynthesis.speaking) { speechSynthesis.cancel(); return; }
    var texts = Array.prototype.map.call(document.querySelectorAll(".listen-text"), function (p) { return p.textContent; });
    texts.forEach(function (t) {
      var u = new SpeechSynthesisUtterance(t);
      u.voice = viVoice(); u.lang = "vi-VN"; u.rate = parseFloat(speed.value);
      speechSynthesis.speak(u);
    });
  });
  applySpeed();
})();
