// Voice input: a microphone button beside every field marked data-voice.
// - Where the operator turned on the server's recogniser (<body data-server-speech>), the phone
//   records a few seconds and the Sổ tay server turns them into text: the voice stays inside the
//   deployment and is not stored.
// - Otherwise, where the browser recognises speech itself (Chrome on Android, Safari on iPhone),
//   it is used — it may send the voice to the phone maker's or browser's servers, and the button
//   says so.
(function () {
  var Recognition = window.SpeechRecognition || window.webkitSpeechRecognition;
  var serverUrl = document.body.dataset.serverSpeech;
  var canRecord = serverUrl && window.MediaRecorder && navigator.mediaDevices;
  if (!Recognition && !canRecord) return;
  var LIMIT_MS = 20000;

  function csrf() {
    return document.cookie.replace(/(?:^|.*;\s*)csrftoken\s*=\s*([^;]*).*$|^.*$/, "$1");
  }

  function fill(field, text) {
    field.value = text;
    field.dispatchEvent(new Event("input", { bubbles: true }));
    field.focus();
  }

  function idle(button, label) {
    button.disabled = false;
    button.dataset.state = "idle";
    button.textContent = label || "🎤 Nói";
  }

  function viaServer(field, button, note) {
    var recorder = null;
    button.addEventListener("click", function () {
      if (recorder && recorder.state === "recording") { recorder.stop(); return; }
      navigator.mediaDevices.getUserMedia({ audio: true }).then(function (stream) {
        var chunks = [];
        recorder = new MediaRecorder(stream);
        recorder.ondataavailable = function (e) { if (e.data.size) chunks.push(e.data); };
        recorder.onstop = function () {
          stream.getTracks().forEach(function (t) { t.stop(); });
          button.disabled = true;
          button.textContent = "⏳ Đang chuyển thành chữ…";
          var body = new FormData();
          body.append("audio", new Blob(chunks, { type: recorder.mimeType || "audio/webm" }), "giong-noi.webm");
          fetch(serverUrl, { method: "POST", body: body, credentials: "same-origin",
                             headers: { "X-CSRFToken": csrf() } })
            .then(function (r) { return r.json().then(function (d) { return [r.ok, d]; }); })
            .then(function (res) {
              if (res[0]) { fill(field, res[1].text); note.textContent = note.dataset.text; idle(button); }
              else { note.textContent = res[1].detail || "Không nhận ra lời nói."; idle(button, "🎤 Nói lại"); }
            })
            .catch(function () {
              note.textContent = "Không gửi được đoạn ghi âm (mất mạng?). Hãy thử lại hoặc gõ.";
              idle(button, "🎤 Nói lại");
            });
        };
        recorder.start();
        button.dataset.state = "recording";
        button.textContent = "⏹ Nói xong";
        setTimeout(function () { if (recorder.state === "recording") recorder.stop(); }, LIMIT_MS);
      }).catch(function () {
        note.textContent = "Chưa được phép dùng micro. Hãy cho phép trong cài đặt trình duyệt.";
      });
    });
  }

  function viaBrowser(field, button) {
    button.addEventListener("click", function () {
      var rec = new Recognition();
      rec.lang = "vi-VN";
      rec.interimResults = false;
      rec.maxAlternatives = 1;
      button.disabled = true;
      button.textContent = "🎤 Đang nghe…";
      rec.onresult = function (event) { fill(field, event.results[0][0].transcript); };
      rec.onend = function () { idle(button); };
      rec.onerror = function () { idle(button, "🎤 Nói lại"); };
      rec.start();
    });
  }

  document.querySelectorAll("[data-voice]").forEach(function (field) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "secondary small mic";
    button.setAttribute("aria-label", "Nói thay vì gõ");
    button.dataset.testid = "voice";
    idle(button);
    var note = document.createElement("p");
    note.className = "help";
    note.setAttribute("aria-live", "polite");
    note.dataset.text = canRecord
      ? "Bấm 🎤, nói câu hỏi rồi bấm ⏹. Máy chủ của Sổ tay chuyển giọng nói thành chữ và không lưu lại."
      : "Nhận giọng nói do trình duyệt hoặc hãng điện thoại xử lý; âm thanh có thể được gửi tới máy chủ của họ.";
    note.textContent = note.dataset.text;
    field.after(button, note);
    if (canRecord) viaServer(field, button, note); else viaBrowser(field, button);
  });
})();
