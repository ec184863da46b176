/* 评价统计: the 12-month trend (ratings as bars, good and bad rate as lines) of the "trend-data"
   json_script block; series names come from data-label-* on #trend. */
(function () {
  var el = document.getElementById("trend"), data = document.getElementById("trend-data");
  if (!window.echarts || !el || !data) return;
  var d = JSON.parse(data.textContent), valid = el.dataset.labelValid, good = el.dataset.labelGood, bad = el.dataset.labelBad;
  var c = echarts.init(el);
  c.setOption({tooltip: {trigger: "axis"}, legend: {data: [valid, good, bad]},
    xAxis: {type: "category", data: d.months}, yAxis: [{type: "value"}, {type: "value", max: 100, axisLabel: {formatter: "{value}%"}}],
    series: [{name: valid, type: "bar", data: d.valid}, {name: good, type: "line", yAxisIndex: 1, data: d.good_rate}, {name: bad, type: "line", yAxisIndex: 1, data: d.bad_rate}]});
  window.addEventListener("resize", function () { c.resize(); });
})();
