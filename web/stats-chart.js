/* stats-chart.js — the horizontal bar charts of the statistics page as
 * inline SVG, drawn at the real pixel width of their box (one SVG unit is
 * one CSS pixel), so their text keeps its size on a phone: labels beside
 * the bars on a wide screen, above them on a narrow one.  A chart draws
 * itself when its box is laid out and again, debounced, when the box's
 * width changes (window resize, orientation change).
 *
 * ZT.stats.chart(spec) returns the box.  spec:
 *   title  what the chart shows (the SVG's accessible name)
 *   kind   'stack'   rows of segments adding up to 1 (shares)
 *          'bar'     one bar per row, value / max
 *          'diverge' a change below or above zero, from -max to +max
 *   rows   [{label, strong?, note?, suppressed?: text, segments?: [{value, fill, ink}],
 *            value?, text?, fill?}]  (text: the value as shown; strong: a bold label) */
'use strict';
(() => {
  const { s } = ZT;
  const stats = (ZT.stats = ZT.stats || {});
  const LABEL = 14; // px, the row labels
  const SMALL = 13; // px, figures in and beside the bars
  const LINE = 18; // px between the lines of a wrapped label
  const BAR = 24; // px, a bar's height
  const NARROW = 560; // px: below this the labels go above the bars
  const INK = '#1b1b1b';
  const HELD = { fill: '#eef0f3', stroke: '#8f96a0', ink: '#4a4f57' };
  let uid = 0;

  // ---------- measuring text ----------

  const ctx = document.createElement('canvas').getContext('2d');
  function width(text, size, family) {
    ctx.font = `${size}px ${family}`;
    return ctx.measureText(text).width;
  }

  // The label in lines of at most `max` px (words kept whole; a word that
  // is longer on its own is cut with an ellipsis), at most `most` lines.
  function wrap(text, max, family, most = 4) {
    const lines = [];
    let line = '';
    for (const word of text.split(/\s+/)) {
      const next = line ? `${line} ${word}` : word;
      if (width(next, LABEL, family) <= max || !line) line = next;
      else {
        lines.push(line);
        line = word;
      }
    }
    if (line) lines.push(line);
    const kept = lines.slice(0, most);
    if (lines.length > most) kept[most - 1] += '…';
    return kept.map((l) => {
      let cut = l;
      while (cut.length > 1 && width(cut, LABEL, family) > max) cut = `${cut.slice(0, -2)}…`;
      return cut;
    });
  }

  // ---------- drawing ----------

  const text = (attrs, content) => s('text', { 'font-size': SMALL, fill: INK, ...attrs }, content);

  // a bar's figures inside the bar where they fit, else left out (the table has them all)
  function segments(g, row, x0, y, barW, family) {
    let x = x0;
    for (const seg of row.segments) {
      const w = barW * seg.value;
      if (w > 0) {
        g.append(s('rect', { x, y, width: w, height: BAR, fill: seg.fill }));
        const label = `${Math.round(seg.value * 100)}%`;
        if (width(label, SMALL, family) + 8 <= w)
          g.append(
            text(
              { x: x + w / 2, y: y + BAR / 2 + 5, 'text-anchor': 'middle', fill: seg.ink, 'font-weight': 600 },
              label,
            ),
          );
      }
      x += w;
    }
  }

  function held(g, row, x, y, w) {
    g.append(s('rect', { x, y, width: w, height: BAR, fill: HELD.fill, stroke: HELD.stroke }));
    g.append(text({ x: x + 8, y: y + BAR / 2 + 5, fill: HELD.ink }, row.suppressed));
  }

  function draw(spec, W, family) {
    const narrow = W < NARROW;
    const valueW =
      spec.kind === 'stack' ? 0 : Math.max(0, ...spec.rows.map((r) => width(r.text || '', SMALL, family))) + 8;
    const noteW = Math.max(0, ...spec.rows.map((r) => (r.note ? width(r.note, SMALL, family) + 10 : 0)));
    const longest = Math.max(...spec.rows.map((r) => width(r.label, LABEL, family)));
    const labelW = narrow ? W : Math.min(Math.ceil(longest) + 12, Math.round(W * 0.38));
    const barX = narrow ? 0 : labelW;
    const barW = Math.max(40, W - barX - noteW - (spec.kind === 'bar' ? valueW : 0));
    const titleId = `chart-${++uid}`;
    const svg = s(
      'svg',
      {
        width: W,
        viewBox: `0 0 ${W} 10`,
        class: 'chart',
        role: 'img',
        'aria-labelledby': titleId,
        focusable: 'false',
      },
      s('title', { id: titleId }, spec.title),
    );
    const max = spec.max || 1;
    const zero = barX + barW / 2;
    const half = barW / 2 - valueW;
    let y = 4;
    for (const row of spec.rows) {
      const lines = wrap(row.label, narrow ? W : labelW - 12, family);
      const g = s('g', {});
      const weight = row.strong ? 700 : 400;
      let barY;
      if (narrow) {
        lines.forEach((l, i) =>
          g.append(text({ x: 0, y: y + 14 + i * LINE, 'font-size': LABEL, 'font-weight': weight }, l)),
        );
        barY = y + lines.length * LINE + 4;
        y = barY + BAR + 14;
      } else {
        const rowH = Math.max(BAR, lines.length * LINE) + 12;
        barY = y + (rowH - BAR) / 2;
        const top = y + rowH / 2 - (lines.length * LINE) / 2 + 14;
        lines.forEach((l, i) =>
          g.append(
            text(
              { x: labelW - 12, y: top + i * LINE, 'font-size': LABEL, 'font-weight': weight, 'text-anchor': 'end' },
              l,
            ),
          ),
        );
        y += rowH;
      }
      const mid = barY + BAR / 2 + 5;
      if (row.suppressed) held(g, row, barX, barY, barW);
      else if (spec.kind === 'stack') segments(g, row, barX, barY, barW, family);
      else if (spec.kind === 'bar') {
        const w = Math.max(2, (barW * row.value) / max);
        g.append(s('rect', { x: barX, y: barY, width: w, height: BAR, fill: row.fill }));
        g.append(text({ x: barX + w + 6, y: mid }, row.text));
      } else {
        // the change: to the right of the zero line is up, to the left down, the figure with its sign at the end
        const w = (half * Math.abs(row.value)) / max;
        const x = row.value < 0 ? zero - w : zero;
        g.append(s('line', { x1: zero, x2: zero, y1: barY - 4, y2: barY + BAR + 4, stroke: INK, 'stroke-width': 1.5 }));
        if (w > 0) g.append(s('rect', { x, y: barY, width: w, height: BAR, fill: row.fill }));
        g.append(
          row.value < 0
            ? text({ x: x - 6, y: mid, 'text-anchor': 'end', 'font-weight': 600 }, row.text)
            : text({ x: zero + w + 6, y: mid, 'font-weight': 600 }, row.text),
        );
      }
      if (row.note) g.append(text({ x: W - noteW + 6, y: mid, fill: INK }, row.note));
      svg.append(g);
    }
    const height = Math.ceil(y + 4);
    svg.setAttribute('height', height);
    svg.setAttribute('viewBox', `0 0 ${W} ${height}`);
    return svg;
  }

  // ---------- the boxes, redrawn when their width changes ----------

  const drawn = new WeakMap(); // box → the width it was drawn at
  const specs = new WeakMap();
  let pending = new Set();
  let timer = 0;

  function redraw(box) {
    const W = Math.floor(box.clientWidth);
    if (!box.isConnected || W <= 0 || drawn.get(box) === W) return;
    drawn.set(box, W);
    box.replaceChildren(draw(specs.get(box), W, getComputedStyle(box).fontFamily));
  }

  const observer = new ResizeObserver((entries) => {
    for (const e of entries) {
      // the first time at once, so the chart is there when the page is; later changes debounced
      if (!drawn.has(e.target)) redraw(e.target);
      else pending.add(e.target);
    }
    if (pending.size === 0) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      const boxes = pending;
      pending = new Set();
      for (const b of boxes) {
        if (b.isConnected) redraw(b);
        else observer.unobserve(b);
      }
    }, 150);
  });

  stats.chart = (spec) => {
    const box = document.createElement('div');
    box.className = 'chart-box';
    specs.set(box, spec);
    observer.observe(box);
    return box;
  };
})();
