// Charts on the campaign page, drawn with the vendored Chart.js from the data the server put in
// <script id="dashboard-data"> (json_script). Scores arrive as exact decimal strings and are only
// turned into numbers here, for drawing; the tables under each chart keep the exact values.
(function () {
  "use strict";
  var source = document.getElementById("dashboard-data");
  if (!source || typeof window.Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  if (!data) return;

  var style = getComputedStyle(document.documentElement);
  var ink = style.getPropertyValue("--ink").trim() || "#1f2933";
  var link = style.getPropertyValue("--link").trim() || "#1d4e89";
  var accent = style.getPropertyValue("--accent").trim() || "#9b1c1c";
  var line = style.getPropertyValue("--line").trim() || "#d9dee5";
  var reduced = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.color = ink;
  Chart.defaults.borderColor = line;
  if (reduced) Chart.defaults.animation = false;

  var top = data.total_points === null ? undefined : Number(data.total_points);

  document.querySelectorAll("canvas[data-chart=ranking]").forEach(function (canvas) {
    var group = data.ranking[Number(canvas.dataset.group)];
    if (!group) return;
    // One bar per unit: give each enough height to read its name.
    canvas.parentElement.style.height = Math.max(160, group.rows.length * 28 + 48) + "px";
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: group.rows.map(function (r) { return r.unit; }),
        datasets: [{
          label: "总分",
          data: group.rows.map(function (r) { return Number(r.total); }),
          backgroundColor: link,
          maxBarThickness: 22
        }]
      },
      options: {
        indexAxis: "y",
        responsive: true,
        maintainAspectRatio: false,
        scales: { x: { beginAtZero: true, suggestedMax: top } },
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              label: function (ctx) {
                var r = group.rows[ctx.dataIndex];
                return "总分 " + r.total + " 分" + (r.rank ? "，第" + r.rank + "名" : "");
              }
            }
          }
        }
      }
    });
  });

  var distribution = document.querySelector("canvas[data-chart=distribution]");
  if (distribution && data.distribution && data.distribution.bands.length) {
    var bands = data.distribution.bands;
    new Chart(distribution, {
      type: "bar",
      data: {
        labels: bands.map(function (b) { return b.label; }),
        datasets: [{
          label: "单位数",
          data: bands.map(function (b) { return b.count; }),
          backgroundColor: accent,
          categoryPercentage: 1.0,
          barPercentage: 0.96
        }]
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          x: { title: { display: true, text: "总分（分）" } },
          y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: "单位数" } }
        },
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: function (ctx) { return ctx.parsed.y + " 个单位"; } } }
        }
      }
    });
  }
})();
