import { CHART_KIT } from './chart-kit.js';

/**
 * The script report.html runs: it reads the chart data block and draws the charts with uPlot. Kept as source
 * text (not a bundled module) so the page needs nothing but itself. It never writes HTML: every label reaches
 * the page through uPlot (textContent) or the canvas.
 */
export const CHART_SCRIPT = String.raw`(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('stampede-data').textContent);
  var HEIGHT = 240;
  var STATUS = [
    ['2xx', '2xx', '#2f9e44'],
    ['503', '503', '#e03131'],
    ['5xx', 'other 5xx', '#f08c00'],
    ['4xx', '4xx', '#7048e8'],
    ['timeout', 'timeout', '#8d5524'],
    ['connError', 'conn error', '#495057']
  ];
  var MARKER = { action: '#c2255c', fault: '#e8590c', phase: '#1c7ed6', recovered: '#2b8a3e' };
  var BAND = {
    baseline: ['rgba(28,126,214,0.07)', '#1c7ed6', 'baseline'],
    incident: ['rgba(224,49,49,0.07)', '#c92a2a', 'incident']
  };
  var plots = [];

${CHART_KIT}
  function unit(u) { return function (self, v) { return v == null ? '\u2014' : num(v) + u; }; }
  function anyAbove(values, min) {
    for (var i = 0; i < values.length; i++) if (values[i] != null && values[i] > min) return true;
    return false;
  }
  function stepped() { return uPlot.paths.stepped({ align: 1 }); }
  function line(label, color, values, opts) {
    var s = {
      label: label,
      stroke: color,
      width: 1.5,
      paths: stepped(),
      points: { show: false },
      show: anyAbove(values, 0),
      value: unit('')
    };
    for (var k in opts) s[k] = opts[k];
    return s;
  }

  function drawBands(u) {
    var ctx = u.ctx, b = u.bbox;
    ctx.save();
    ctx.beginPath();
    ctx.rect(b.left, b.top, b.width, b.height);
    ctx.clip();
    ctx.font = px(10) + 'px system-ui, sans-serif';
    ctx.textAlign = 'left';
    ctx.textBaseline = 'bottom';
    data.bands.forEach(function (band) {
      var style = BAND[band.kind];
      var x0 = u.valToPos(band.from, 'x', true), x1 = u.valToPos(band.to, 'x', true);
      ctx.fillStyle = style[0];
      ctx.fillRect(x0, b.top, x1 - x0, b.height);
      ctx.fillStyle = style[1];
      ctx.fillText(style[2], x0 + px(4), b.top + b.height - px(3));
    });
    ctx.restore();
  }

  function drawEventMarkers(u) {
    drawMarkers(u, data.markers, function (m) { return { color: MARKER[m.kind] || '#343a40', dash: [5, 3] }; });
  }

  var timeline = { hooks: { drawClear: [drawBands], draw: [drawEventMarkers] } };

  // an empty right-hand axis on charts that have none keeps the plot areas of all time charts aligned
  var SPACER = { side: 1, size: 60, label: ' ', stroke: 'transparent', grid: { show: false }, ticks: { show: false }, values: function (u, splits) { return splits.map(function () { return ''; }); } };

  function timeChart(id, title, series, values, scales, axes) {
    var el = document.getElementById(id);
    if (axes.length === 1) axes = axes.concat([SPACER]);
    var opts = {
      title: title,
      width: innerWidth(el),
      height: HEIGHT,
      scales: Object.assign({ x: { time: false } }, scales),
      series: [{ label: 'time', value: function (u, v) { return v == null ? '\u2014' : '+' + num(v, 1) + ' s'; } }].concat(series),
      axes: [{ label: 'seconds since the first bucket', values: function (u, splits) { return splits.map(function (s) { return s + ' s'; }); } }].concat(axes),
      plugins: [timeline],
      cursor: { drag: { x: true, y: false } }
    };
    plots.push([el, new uPlot(opts, [data.x].concat(values), el)]);
  }

  function logScale(arrays) {
    for (var i = 0; i < arrays.length; i++) if (anyAbove(arrays[i], 0)) return { distr: 3, log: 10 };
    return {};
  }
  function logValues(u, splits) { return splits.map(function (v) { return v == null ? '' : num(v, v < 1 ? 2 : 0); }); }

  var r = data.responses;
  timeChart('chart-responses', 'Responses per second by status',
    STATUS.map(function (s) { return line(s[1], s[2], r[s[0]], { value: unit('/s') }); }),
    STATUS.map(function (s) { return r[s[0]]; }),
    {},
    [{ label: 'responses / s', size: 60 }]);

  var lat = data.latency;
  timeChart('chart-latency', 'Latency per bucket (from intended send time)',
    [
      line('p50', '#1c7ed6', lat.p50, { value: unit(' ms'), show: true }),
      line('p99', '#e8590c', lat.p99, { value: unit(' ms'), show: true }),
      line('max', '#adb5bd', lat.max, { value: unit(' ms'), dash: [4, 3] })
    ],
    [lat.p50, lat.p99, lat.max],
    { y: logScale([lat.p50, lat.p99, lat.max]) },
    [{ label: 'ms', size: 60, values: logValues }]);

  var target = data.x.map(function () { return data.rewarmTarget; });
  timeChart('chart-hit-ratio', 'Cache hit ratio',
    [
      line('hit ratio', '#0c8599', data.hitRatio, { value: unit('%'), show: true, fill: 'rgba(12,133,153,0.08)' }),
      line('rewarm target (95% of baseline)', '#868e96', target, { value: unit('%'), show: data.rewarmTarget != null, dash: [6, 4], width: 1 })
    ],
    [data.hitRatio, target],
    { y: { range: [0, 100] } },
    [{ label: '%', size: 60 }]);

  var o = data.origin;
  var originLines = [
    line('arrivals/s', '#5f3dc4', o.arrivals, { value: unit('/s'), show: true }),
    line('rejected 503/s', '#e03131', o.rejected, { value: unit('/s') }),
    line('max in-flight', '#2b8a3e', o.inflight, { scale: 'n', show: true }),
    line('max queue', '#f08c00', o.queue, { scale: 'n' })
  ];
  var originValues = [o.arrivals, o.rejected, o.inflight, o.queue];
  // the clients' retries, when they had a retry policy: what keeps a retry storm going
  if (o.retries) {
    originLines.push(line('client retries/s', '#c2255c', o.retries, { value: unit('/s'), show: true, dash: [4, 3] }));
    originValues.push(o.retries);
  }
  timeChart('chart-origin', o.retries ? 'Origin: arrivals, rejections, in-flight and queue; client retries' : 'Origin: arrivals, rejections, in-flight and queue',
    originLines,
    originValues,
    { n: { range: function (u, min, max) { return [0, Math.max(1, max)]; } } },
    [{ label: 'per second', size: 60 }, { scale: 'n', side: 1, label: 'in-flight / queue', size: 60, grid: { show: false } }]);

  var pc = data.percentiles;
  var pel = document.getElementById('chart-percentiles');
  if (pc) {
    var colors = { baseline: '#1c7ed6', incident: '#e03131', after: '#2f9e44' };
    var ticks = pc.ticks.map(function (t) { return t.x; });
    var labels = {};
    pc.ticks.forEach(function (t) { labels[t.x] = t.label; });
    var popts = {
      title: pc.source === 'histogram' ? 'Latency by percentile, per phase' : 'Latency by percentile, per phase (summary percentiles only)',
      width: innerWidth(pel),
      height: 280,
      scales: {
        x: { time: false, range: [pc.x[0], pc.x[pc.x.length - 1]] },
        y: logScale(pc.series.map(function (s) { return s.ms; }))
      },
      series: [{ label: 'percentile', value: function (u, v) { return v == null ? '\u2014' : 'p' + (100 - 100 / Math.pow(10, v)).toFixed(v > 3 ? 3 : v > 2 ? 2 : 1); } }].concat(
        pc.series.map(function (s) {
          return { label: s.phase, stroke: colors[s.phase], width: 2, value: unit(' ms'), points: { show: pc.source === 'summary' } };
        })),
      axes: [
        { label: 'percentile', splits: function () { return ticks; }, values: function (u, splits) { return splits.map(function (v) { return labels[v] || ''; }); } },
        { label: 'ms', size: 60, values: logValues }
      ]
    };
    plots.push([pel, new uPlot(popts, [pc.x].concat(pc.series.map(function (s) { return s.ms; })), pel)]);
  } else {
    pel.textContent = 'No latency samples were recorded in any phase.';
  }

  var pending = 0;
  window.addEventListener('resize', function () {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(function () {
      plots.forEach(function (p) { p[1].setSize({ width: innerWidth(p[0]), height: p[1].height }); });
    });
  });
})();
`;
