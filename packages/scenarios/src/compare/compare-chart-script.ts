/**
 * The script compare.html runs: it reads the chart data block (compare-chart-data.ts) and draws one uPlot chart per
 * metric with run A and run B overlaid, and both runs' events as dashed lines in the run's colour. Source text, as
 * report/chart-script.ts (whose patterns it follows); it never writes HTML.
 */
export const COMPARE_CHART_SCRIPT = String.raw`(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('stampede-data').textContent);
  var HEIGHT = 230;
  var COLOR = { a: '#1c7ed6', b: '#e8590c' };
  var DASH = { a: [5, 3], b: [2, 3] };
  var plots = [];

  function px(n) { return n * (uPlot.pxRatio || 1); }
  function innerWidth(el) {
    var cs = getComputedStyle(el);
    return Math.max(200, el.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight));
  }
  function num(v, digits) {
    if (v == null || isNaN(v)) return '\u2014';
    var d = digits == null ? (Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2) : digits;
    return v.toFixed(d).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  }
  function anyAbove(values, min) {
    for (var i = 0; i < values.length; i++) if (values[i] != null && values[i] > min) return true;
    return false;
  }

  function drawMarkers(u) {
    var ctx = u.ctx, b = u.bbox, rows = [];
    ctx.save();
    ctx.beginPath();
    ctx.rect(b.left, b.top, b.width, b.height);
    ctx.clip();
    ctx.font = px(11) + 'px system-ui, sans-serif';
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    data.markers.forEach(function (m) {
      var x = Math.round(u.valToPos(m.x, 'x', true));
      if (x < b.left || x > b.left + b.width) return;
      var color = COLOR[m.run];
      ctx.strokeStyle = color;
      ctx.lineWidth = px(1.5);
      ctx.setLineDash(DASH[m.run].map(px));
      ctx.beginPath();
      ctx.moveTo(x, b.top);
      ctx.lineTo(x, b.top + b.height);
      ctx.stroke();
      ctx.setLineDash([]);
      var w = ctx.measureText(m.label).width + px(8), h = px(16);
      var lx = x + px(3);
      if (lx + w > b.left + b.width) lx = x - px(3) - w;
      var row = 0;
      while (rows[row] !== undefined && rows[row] > lx) row++;
      rows[row] = lx + w + px(4);
      var ly = b.top + px(3) + row * (h + px(3));
      ctx.fillStyle = 'rgba(255,255,255,0.92)';
      ctx.fillRect(lx, ly, w, h);
      ctx.lineWidth = px(1);
      ctx.strokeRect(lx, ly, w, h);
      ctx.fillStyle = color;
      ctx.fillText(m.label, lx + px(4), ly + h / 2);
    });
    ctx.restore();
  }

  function series(run, values, suffix) {
    return {
      label: data.labels[run],
      stroke: COLOR[run],
      width: 1.75,
      spanGaps: true,
      paths: uPlot.paths.stepped({ align: 1 }),
      points: { show: false },
      value: function (u, v) { return v == null ? '\u2014' : num(v) + suffix; }
    };
  }

  data.charts.forEach(function (c) {
    var el = document.getElementById('chart-' + c.id);
    if (!el) return;
    var log = c.log && (anyAbove(c.a, 0) || anyAbove(c.b, 0));
    var y = log ? { distr: 3, log: 10 } : c.range ? { range: c.range } : { range: function (u, min, max) { return [0, Math.max(1, max)]; } };
    var opts = {
      title: c.title,
      width: innerWidth(el),
      height: HEIGHT,
      scales: { x: { time: false }, y: y },
      series: [{ label: 'time', value: function (u, v) { return v == null ? '\u2014' : '+' + num(v, 1) + ' s'; } },
        series('a', c.a, c.suffix), series('b', c.b, c.suffix)],
      axes: [
        { label: 'seconds since the load started', values: function (u, splits) { return splits.map(function (s) { return s + ' s'; }); } },
        { label: c.unit, size: 60, values: log ? function (u, splits) { return splits.map(function (v) { return v == null ? '' : num(v, v < 1 ? 2 : 0); }); } : undefined }
      ],
      plugins: [{ hooks: { draw: [drawMarkers] } }],
      cursor: { drag: { x: true, y: false }, sync: { key: 'compare' } }
    };
    if (!log) delete opts.axes[1].values;
    plots.push([el, new uPlot(opts, [data.x, c.a, c.b], el)]);
  });

  var pending = 0;
  window.addEventListener('resize', function () {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(function () {
      plots.forEach(function (p) { p[1].setSize({ width: innerWidth(p[0]), height: p[1].height }); });
    });
  });
})();
`;
