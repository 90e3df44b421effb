// sotay quiz: countdown from the server's remaining time, answers kept on the phone and saved
// to the server as they are given, so a lost connection loses nothing.
(function () {
  "use strict";
  var form = document.getElementById("quiz");
  if (!form) { return; }
  var key = "sotay-attempt-" + form.getAttribute("data-attempt");
  var state = document.getElementById("save-state");
  function restore() {
    var saved = {};
    try { saved = JSON.parse(localStorage.getItem(key) || "{}"); } catch (e) { saved = {}; }
    Object.keys(saved).forEach(function (name) {
      var values = saved[name];
      form.querySelectorAll("[name='" + name + "']").forEach(function (el) {
        if (el.tagName === "SELECT") { el.value = values[0] || ""; }
        else { el.checked = values.indexOf(el.value) !== -1; }
      });
    });
  }
  function collect() {
    var data = {};
    form.querySelectorAll("input[type=radio], input[type=checkbox], select").forEach(function (el) {
      if (!data[el.name]) { data[el.name] = []; }
      if (el.tagName === "SELECT" ? el.value : el.checked) { data[el.name].push(el.value); }
    });
    return data;
  }
  var latest = 0;  // only the newest save may report: an older reply arriving late must not
                   // say "saved" over answers that could not be sent
  function save() {
    var mine = ++latest;
    var data = collect();
    localStorage.setItem(key, JSON.stringify(data));
    var body = new FormData();
    body.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
    Object.keys(data).forEach(function (name) {
      data[name].forEach(function (v) { body.append(name, v); });
    });
    fetch(form.getAttribute("data-autosave"), { method: "POST", body: body, credentials: "same-origin" })
      .then(function (res) { return res.json(); })
      .then(function (r) { if (mine === latest) { state.textContent = r.ok ? "Đã lưu lúc " + r.saved_at : r.message; } })
      .catch(function () { if (mine === latest) { state.textContent = "Mất kết nối: câu trả lời được giữ trên máy, sẽ lưu khi có mạng."; } });
  }
  restore();
  form.addEventListener("change", save);
  window.addEventListener("online", save);
  form.addEventListener("submit", function () { localStorage.removeItem(key); });
  var timer = document.querySelector("[data-remaining]");
  var left = +timer.getAttribute("data-remaining");
  var shown = timer.querySelector("b");
  setInterval(function () {
    left = Math.max(0, left - 1);
    shown.textContent = Math.floor(left / 60) + " phút " + (left % 60) + " giây";
    if (left === 0) { shown.textContent = "Hết giờ — bấm Nộp bài"; }
  }, 1000);
  if (navigator.onLine) { save(); }
})();
