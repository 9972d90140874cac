import { CHART_KIT } from '../report/chart-kit.js';

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

${CHART_KIT}
  function anyAbove(values, min) {
    for (var i = 0; i < values.length; i++) if (values[i] != null && values[i] > min) return true;
    return false;
  }

  function drawEventMarkers(u) {
    drawMarkers(u, data.markers, function (m) { return { color: COLOR[m.run], dash: DASH[m.run] }; });
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
      plugins: [{ hooks: { draw: [drawEventMarkers] } }],
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
