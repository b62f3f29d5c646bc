// Live score on the review page: every change to the findings asks the server's engine for the
// item's score and explanation (nothing is saved until the assessor presses 保存).
(function () {
  "use strict";
  var form = document.getElementById("findings");
  if (!form) return;
  var live = document.getElementById("live");
  var scoreEl = live.querySelector("[data-score]");
  var totalEl = live.querySelector("[data-total]");
  var maxEl = live.querySelector("[data-max]");
  var uncheckedEl = live.querySelector("[data-unchecked]");
  var listEl = live.querySelector("[data-explain]");
  var errorEl = live.querySelector("[data-error]");
  var timer = null;
  var seq = 0;

  function render(data) {
    errorEl.textContent = "";
    if (!data.ok) {
      errorEl.textContent = Object.keys(data.errors).map(function (k) { return data.errors[k]; }).join("；");
      return;
    }
    scoreEl.textContent = data.score === null ? "不适用" : data.score + (data.in_pool ? "（计入组分值）" : "");
    totalEl.textContent = data.total + (data.grade ? "（" + data.grade + "）" : "");
    maxEl.textContent = data.max_points;
    uncheckedEl.textContent = data.unchecked ? "（另有" + data.unchecked + "项未核查，" + data.unchecked_counting + "）" : "";
    listEl.innerHTML = "";
    data.explanation.forEach(function (line) {
      var li = document.createElement("li");
      li.textContent = line;
      listEl.appendChild(li);
    });
  }

  function update() {
    var mine = ++seq;
    var body = new FormData(form);
    body.delete("action");
    fetch(form.dataset.preview, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) { if (mine === seq) render(data); })
      .catch(function () { errorEl.textContent = "暂时无法计算得分，请检查网络后重试。"; });
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(update, 250);
  }

  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
})();
