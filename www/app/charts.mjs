// The benchmark's two charts, drawn as plain SVG sized to their box (so text stays legible on
// a phone): throughput over time, and latency by percentile on a "nines" axis (p50, p90, p99,
// p99.9 equally spaced) with a log-scale latency axis.
const SVG_NS = 'http://www.w3.org/2000/svg';
const MARGIN = { top: 28, right: 26, bottom: 26, left: 52 };
const PERCENTILES = [50, 75, 90, 95, 99, 99.9];

function el(name, attributes = {}, text) {
  const node = document.createElementNS(SVG_NS, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** 1, 2, 5 × 10^n steps giving about `count` ticks over [0, max]. */
function niceTicks(max, count = 4) {
  if (!(max > 0)) return [0];
  const raw = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw);
  const ticks = [];
  for (let v = 0; v <= max + step / 2; v += step) ticks.push(v);
  return ticks;
}

function compact(n) {
  if (n >= 10_000) return `${Math.round(n / 1000)}k`;
  if (n >= 1000) return `${(n / 1000).toFixed(1)}k`;
  return String(Math.round(n * 100) / 100);
}

/**
 * Draws series of `[x, y]` points (already in chart units) into `svg`. `xTicks`/`yTicks` are
 * `[{value, label}]`; `label` (a sentence) becomes the chart's accessible name.
 */
function draw(svg, { xDomain, yDomain, xTicks, yTicks, series, label, dots = false }) {
  const width = Math.max(200, svg.clientWidth || 480);
  const height = Math.max(120, svg.clientHeight || 200);
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('aria-label', label);
  svg.replaceChildren();
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const span = (domain) => domain[1] - domain[0] || 1;
  const x = (v) => MARGIN.left + ((v - xDomain[0]) / span(xDomain)) * plotW;
  const y = (v) => MARGIN.top + plotH - ((v - yDomain[0]) / span(yDomain)) * plotH;

  for (const tick of yTicks) {
    svg.append(el('line', { class: 'grid', x1: MARGIN.left, x2: width - MARGIN.right, y1: y(tick.value), y2: y(tick.value) }));
    svg.append(el('text', { x: MARGIN.left - 6, y: y(tick.value) + 4, 'text-anchor': 'end' }, tick.label));
  }
  for (const tick of xTicks) {
    svg.append(el('text', { x: x(tick.value), y: height - 8, 'text-anchor': 'middle' }, tick.label));
  }
  let legendX = MARGIN.left;
  for (const s of series) {
    if (s.points.length > 0) {
      const d = s.points.map(([px, py], i) => `${i ? 'L' : 'M'}${x(px).toFixed(1)},${y(py).toFixed(1)}`).join('');
      svg.append(el('path', { class: `series ${s.cls}`, d }));
      if (dots) for (const [px, py] of s.points) svg.append(el('circle', { class: `dot ${s.cls}`, cx: x(px), cy: y(py), r: 3.5 }));
    }
    const legend = el('text', { class: `legend ${s.cls}`, x: legendX, y: 14 }, `■ ${s.label}`);
    svg.append(legend);
    legendX += 24 + 7 * s.label.length;
  }
}

/** Throughput over time; `runs` is `[{cls, label, series: [{t, opsPerSecond}]}]`. */
export function drawThroughput(svg, runs, durationSeconds) {
  const max = Math.max(1, ...runs.flatMap((r) => r.series.map((p) => p.opsPerSecond)));
  const yTicks = niceTicks(max * 1.1).map((v) => ({ value: v, label: compact(v) }));
  const xTicks = niceTicks(durationSeconds, 5).map((v) => ({ value: v, label: `${compact(v)} s` }));
  const summary = runs.map((r) => {
    const last = r.series.at(-1);
    return `${r.label} ${last ? Math.round(last.opsPerSecond) : 0} ops/s now`;
  });
  draw(svg, {
    xDomain: [0, durationSeconds],
    yDomain: [0, yTicks.at(-1).value || 1],
    xTicks,
    yTicks,
    series: runs.map((r) => ({ cls: r.cls, label: r.label, points: r.series.map((p) => [p.t, p.opsPerSecond]) })),
    label: `Throughput over time: ${summary.join('; ') || 'no run yet'}`,
  });
}

/** Position of a percentile on the nines axis: p90 → 1, p99 → 2, p99.9 → 3. */
const nines = (p) => -Math.log10(1 - p / 100);

/** Latency by percentile; `runs` is `[{cls, label, histogram}]` (runs without calls are left out). */
export function drawLatency(svg, runs) {
  const withData = runs.filter((r) => r.histogram.count > 0);
  const lines = withData.map((r) => ({ ...r, values: r.histogram.percentiles(PERCENTILES) }));
  const all = lines.flatMap((l) => l.values.map(([, ms]) => ms)).filter((ms) => ms > 0);
  const lo = Math.floor(Math.log10(Math.min(1, ...all)));
  const hi = Math.ceil(Math.log10(Math.max(10, ...all)));
  const yTicks = [];
  for (let e = lo; e <= hi; e++) yTicks.push({ value: e, label: compact(10 ** e) });
  const summary = lines.map((l) => {
    const at = Object.fromEntries(l.values);
    return `${l.label} p50 ${at[50].toFixed(1)} ms, p99 ${at[99].toFixed(1)} ms`;
  });
  draw(svg, {
    xDomain: [nines(50), nines(99.9)],
    yDomain: [lo, hi],
    xTicks: [50, 90, 99, 99.9].map((p) => ({ value: nines(p), label: `p${p}` })),
    yTicks,
    series: lines.map((l) => ({
      cls: l.cls,
      label: l.label,
      points: l.values.map(([p, ms]) => [nines(p), Math.log10(Math.max(ms, 10 ** lo))]),
    })),
    label: `Latency percentiles: ${summary.join('; ') || 'no run yet'}`,
    dots: true,
  });
}
