// Voice input: a microphone button beside every field marked data-voice, where the browser can
// recognise speech (Chrome on Android, Safari on iPhone). Recognition may run on the phone
// maker's or browser's servers — the button says so before the first use.
(function () {
  var Recognition = window.SpeechRecognition || window.webkitSpeechRecognition;
  if (!Recognition) return;
  document.querySelectorAll("[data-voice]").forEach(function (field) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "secondary small mic";
    button.textContent = "🎤 Nói";
    button.setAttribute("aria-label", "Nói thay vì gõ");
    var note = document.createElement("p");
    note.className = "help";
    note.textContent = "Nhận giọng nói do trình duyệt hoặc hãng điện thoại xử lý; âm thanh có thể được gửi tới máy chủ của họ.";
    field.after(button, note);
    button.addEventListener("click", function () {
      var rec = new Recognition();
      rec.lang = "vi-VN";
      rec.interimResults = false;
      rec.maxAlternatives = 1;
      button.disabled = true;
      button.textContent = "🎤 Đang nghe…";
      rec.onresult = function (event) {
        field.value = event.results[0][0].transcript;
        field.dispatchEvent(new Event("input", { bubbles: true }));
      };
      rec.onend = function () { button.disabled = false; button.textContent = "🎤 Nói"; };
      rec.onerror = function () { button.disabled = false; button.textContent = "🎤 Nói lại"; };
      rec.start();
    });
  });
})();
