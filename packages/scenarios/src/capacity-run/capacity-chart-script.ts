import { CHART_KIT } from '../report/chart-kit.js';

/**
 * The script capacity.html runs: the survivability curve from the chart data block (capacity-chart-data.ts), two
 * uPlot charts over the probed values — the 503 rate and the recovery time — with passing probes green, failing
 * ones red, and the boundary marked. Source text, following report/chart-script.ts; it never writes HTML.
 */
export const CAPACITY_CHART_SCRIPT = String.raw`(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('stampede-data').textContent);
  var PASS = '#2f9e44', FAIL = '#e03131', LINE = '#868e96';
  var plots = [];

${CHART_KIT}

  function markerPlugin(extra) {
    function draw(u) {
      var ctx = u.ctx, b = u.bbox;
      ctx.save();
      ctx.beginPath();
      ctx.rect(b.left, b.top, b.width, b.height);
      ctx.clip();
      ctx.font = px(11) + 'px system-ui, sans-serif';
      ctx.textAlign = 'left';
      ctx.textBaseline = 'top';
      data.markers.concat(extra).forEach(function (m, i) {
        var x = Math.round(u.valToPos(m.x, 'x', true));
        var color = m.kind === 'pass' ? PASS : FAIL;
        ctx.strokeStyle = color;
        ctx.lineWidth = px(1.5);
        ctx.setLineDash(m.kind === 'none' ? [px(2), px(3)] : [px(5), px(3)]);
        ctx.beginPath();
        ctx.moveTo(x, b.top);
        ctx.lineTo(x, b.top + b.height);
        ctx.stroke();
        ctx.setLineDash([]);
        ctx.fillStyle = color;
        var w = ctx.measureText(m.label).width;
        var lx = m.kind === 'pass' ? x - px(4) - w : x + px(4);
        if (lx < b.left) lx = x + px(4);
        if (lx + w > b.left + b.width) lx = x - px(4) - w;
        lx = Math.max(b.left + px(2), lx);
        ctx.fillText(m.label, lx, b.top + px(4) + (i % 3) * px(14));
      });
      ctx.restore();
    }
    return { hooks: { draw: [draw] } };
  }

  // padded so the first and last probes are not drawn on the plot's edge
  function xScale() {
    var lo = data.x[0], hi = data.x[data.x.length - 1];
    if (lo == null) return { time: false };
    if (data.log) return { time: false, distr: 3, log: 10, range: [lo / 1.25, hi * 1.25] };
    var pad = Math.max(1, (hi - lo) * 0.08);
    return { time: false, range: [Math.max(0, lo - pad), hi + pad] };
  }

  function chart(id, title, unit, suffix, col, extra) {
    var el = document.getElementById(id);
    var value = function (u, v) { return v == null ? '\u2014' : num(v) + suffix; };
    var opts = {
      title: title,
      width: innerWidth(el),
      height: 260,
      scales: { x: xScale(), y: { range: function (u, min, max) { return [0, Math.max(1, max * 1.1)]; } } },
      series: [
        { label: data.xLabel, value: function (u, v) { return v == null ? '\u2014' : num(v); } },
        { label: 'all probes', stroke: LINE, width: 1, spanGaps: true, points: { show: false }, value: value },
        { label: 'passed', stroke: PASS, width: 0, paths: function () { return null; }, points: { show: true, size: 10, fill: PASS, stroke: PASS }, value: value },
        { label: 'failed', stroke: FAIL, width: 0, paths: function () { return null; }, points: { show: true, size: 10, fill: FAIL, stroke: FAIL }, value: value }
      ],
      // ticks at the probed values: a log axis over an odd range otherwise labels almost nothing
      axes: [{ label: data.xLabel, splits: function () { return data.x; }, filter: function (u, splits) { return splits; }, values: function (u, splits) { return splits.map(function (v) { return v == null ? '' : num(v); }); } }, { label: unit, size: 60 }],
      plugins: [markerPlugin(extra)],
      cursor: { drag: { x: true, y: false } }
    };
    plots.push([el, new uPlot(opts, [data.x, col.all, col.pass, col.fail], el)]);
  }

  chart('chart-rate503', '503 rate per probe', '503 rate (%)', '%', data.rate503, []);
  chart('chart-recovery', 'Recovery time per probe', 'seconds', ' s', data.recovery,
    data.noRecovery.map(function (x) { return { x: x, label: 'did not recover', kind: 'none' }; }));

  var pending = 0;
  window.addEventListener('resize', function () {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(function () {
      plots.forEach(function (p) { p[1].setSize({ width: innerWidth(p[0]), height: p[1].height }); });
    });
  });
})();
`;
