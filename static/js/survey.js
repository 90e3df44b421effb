// Show-if logic of a survey: a question with data-show-if is shown only when the earlier
// question it depends on has one of the listed options chosen. The server applies the same
// rule, so without JavaScript every question is shown and hidden answers are simply dropped.
(function () {
  var form = document.getElementById("survey-form");
  if (!form) return;
  function chosen(key) {
    return Array.prototype.map.call(
      form.querySelectorAll('input[name="' + key + '"]:checked'), function (i) { return i.value; });
  }
  function update() {
    form.querySelectorAll("[data-show-if]").forEach(function (box) {
      var wanted = box.dataset.showAny.split(",");
      var show = chosen(box.dataset.showIf).some(function (v) { return wanted.indexOf(v) >= 0; });
      box.hidden = !show;
      box.querySelectorAll("input, textarea").forEach(function (el) { el.disabled = !show; });
    });
  }
  form.addEventListener("change", update);
  update();
})();
