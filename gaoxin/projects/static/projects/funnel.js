/* 招商漏斗: the funnel chart of the "funnel-data" json_script block; the tooltip's units come
   translated from the chart element's data-* attributes, its punctuation from its language. */
(function () {
  var data = JSON.parse(document.getElementById('funnel-data').textContent);
  var el = document.getElementById('funnel');
  var zh = (el.dataset.lang || 'zh').indexOf('zh') === 0;
  var colon = zh ? '：' : ': ', comma = zh ? '，' : ', ';
  var chart = echarts.init(el);
  chart.setOption({ tooltip: { formatter: function (p) {
      return p.name + colon + p.value + ' ' + el.dataset.countUnit + comma
        + (Number(p.data.amount) / 10000).toFixed(2) + ' ' + el.dataset.amountUnit; } },
    series: [{ type: 'funnel', sort: 'none', left: '10%', width: '80%', label: { formatter: '{b}' + colon + '{c}' }, data: data }] });
  window.addEventListener('resize', function () { chart.resize(); });
})();
