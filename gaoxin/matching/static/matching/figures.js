/* 基地统计: bars per base (needs, resolved, deals, referrals) and the signed companies' industries.
   Data: the "figures-data" json_script block; series names: data-label-* on #chart-bases. */
(function () {
  const d = JSON.parse(document.getElementById("figures-data").textContent);
  const barsEl = document.getElementById("chart-bases");
  const label = barsEl.dataset;
  const bars = echarts.init(barsEl);
  bars.setOption({tooltip: {trigger: "axis"}, legend: {}, grid: {left: 40, right: 10, bottom: 60},
    xAxis: {type: "category", data: d.bases, axisLabel: {rotate: 20}}, yAxis: {type: "value"},
    series: [[label.labelNeeds, d.needs], [label.labelResolved, d.resolved], [label.labelDeals, d.deals], [label.labelReferralsIn, d.referrals_in], [label.labelReferralsOut, d.referrals_out]]
      .map(([name, data]) => ({name, type: "bar", data}))});
  const pie = echarts.init(document.getElementById("chart-groups"));
  pie.setOption({tooltip: {trigger: "item"}, series: [{type: "pie", radius: ["40%", "70%"], data: d.groups}]});
  window.addEventListener("resize", () => { bars.resize(); pie.resize(); });
})();
