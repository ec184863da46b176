/* 招商漏斗: the funnel chart of the "funnel-data" json_script block. */
(function () {
  var data = JSON.parse(document.getElementById('funnel-data').textContent);
  var chart = echarts.init(document.getElementById('funnel'));
  chart.setOption({ tooltip: { formatter: function (p) { return p.name + '：' + p.value + ' 个，' + (Number(p.data.amount) / 10000).toFixed(2) + ' 亿元'; } },
    series: [{ type: 'funnel', sort: 'none', left: '10%', width: '80%', label: { formatter: '{b}：{c}' }, data: data }] });
  window.addEventListener('resize', function () { chart.resize(); });
})();
