/**
 * Browser-side helpers shared by the self-contained pages' chart scripts (report, compare, capacity): pixel ratio,
 * chart width, number formatting, and event markers. Source text, included into each page's script.
 */
export const CHART_KIT = String.raw`
  function px(n) { return n * (uPlot.pxRatio || 1); }
  // uPlot's width is the content box: clientWidth includes the container's padding
  function innerWidth(el) {
    var cs = getComputedStyle(el);
    return Math.max(200, el.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight));
  }
  function num(v, digits) {
    if (v == null || isNaN(v)) return '\u2014';
    var d = digits == null ? (Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2) : digits;
    return v.toFixed(d).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  }
  // Event markers on a time chart: a dashed vertical line each, with its label; labels stack in rows so they never
  // overlap. style(marker) -> { color, dash } (dash in CSS pixels).
  function drawMarkers(u, markers, style) {
    var ctx = u.ctx, b = u.bbox, rows = [];
    ctx.save();
    ctx.beginPath();
    ctx.rect(b.left, b.top, b.width, b.height);
    ctx.clip();
    ctx.font = px(11) + 'px system-ui, sans-serif';
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    markers.forEach(function (m) {
      var x = Math.round(u.valToPos(m.x, 'x', true));
      if (x < b.left || x > b.left + b.width) return;
      var s = style(m), color = s.color;
      ctx.strokeStyle = color;
      ctx.lineWidth = px(1.5);
      ctx.setLineDash(s.dash.map(px));
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
`;
