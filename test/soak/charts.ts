// A dependency-free SVG line chart for the soak report: nice-number axes, gridlines, one polyline
// per series (Okabe-Ito colours), a legend, and dashed vertical markers for step changes and faults.

export interface LineChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  /** A point with a non-finite y (NaN) breaks the line there. */
  series: { name: string; points: [number, number][] }[];
  width?: number;
  height?: number;
  markers?: { x: number; label: string }[];
}

/** Okabe-Ito, most legible on white first (yellow last). */
const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000", "#F0E442"];

const esc = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");

/** A step of 1, 2 or 5 × 10^k near range / target. */
const niceStep = (range: number, target = 5) => {
  const raw = range / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const f = raw / mag;
  return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * mag;
};

/** ~5 ticks covering [lo, hi]; the axis is widened to the outer ticks. */
const niceTicks = (lo: number, hi: number) => {
  if (!(hi > lo)) [lo, hi] = lo === 0 ? [0, 1] : [lo - Math.abs(lo) / 2, hi + Math.abs(hi) / 2];
  const step = niceStep(hi - lo);
  const start = Math.floor(lo / step + 1e-9) * step;
  const end = Math.ceil(hi / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let i = 0; start + i * step <= end + step / 2; i++) ticks.push(start + i * step);
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  return { lo: start, hi: end, ticks, fmt: (v: number) => v.toFixed(decimals) };
};

const num = (v: number) => Number(v.toFixed(1)).toString();

export function lineChartSvg(opts: LineChartOptions): string {
  const width = opts.width ?? 860;
  const height = opts.height ?? 420;
  const series = opts.series;
  const markers = opts.markers ?? [];
  const all = series.flatMap((s) => s.points).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  const legendW = series.length ? Math.min(200, 36 + 7 * Math.max(...series.map((s) => s.name.length))) : 0;
  const m = { left: 68, right: 16 + legendW, top: 0, bottom: 52 };
  const pw = Math.max(10, width - m.left - m.right);
  const xs = [...all.map((p) => p[0]), ...markers.map((k) => k.x)];
  const ys = all.map((p) => p[1]);
  const X = niceTicks(
    xs.reduce((a, b) => Math.min(a, b), xs[0] ?? 0),
    xs.reduce((a, b) => Math.max(a, b), xs[0] ?? 1),
  );
  const [ylo, yhi] = [ys.reduce((a, b) => Math.min(a, b), 0), ys.reduce((a, b) => Math.max(a, b), ys[0] ?? 1)];
  const Y = niceTicks(ylo, yhi + (yhi - ylo) * 0.03); // a little headroom so the peak does not touch the frame
  const sx = (v: number) => m.left + ((v - X.lo) / (X.hi - X.lo)) * pw;

  // Marker labels sit in rows above the plot, each in the first row where it does not overlap.
  const rowEnds: number[] = [];
  const placed = [...markers]
    .sort((a, b) => a.x - b.x)
    .map((k) => {
      const x = sx(k.x);
      let row = rowEnds.findIndex((end) => end < x);
      if (row < 0) row = rowEnds.length;
      rowEnds[row] = x + 6.2 * k.label.length + 8;
      return { ...k, px: x, row };
    });
  m.top = 38 + 13 * rowEnds.length;
  const ph = Math.max(10, height - m.top - m.bottom);
  const sy = (v: number) => m.top + ph - ((v - Y.lo) / (Y.hi - Y.lo)) * ph;

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(opts.title)}" font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif" font-size="12">`,
    `<title>${esc(opts.title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${width / 2}" y="22" text-anchor="middle" font-size="15" font-weight="600" fill="#222">${esc(opts.title)}</text>`,
  );
  // Gridlines and tick labels.
  for (const t of Y.ticks) {
    const y = num(sy(t));
    out.push(`<line x1="${m.left}" x2="${m.left + pw}" y1="${y}" y2="${y}" stroke="#e4e4e4"/>`);
    out.push(`<text x="${m.left - 6}" y="${y}" dy="0.32em" text-anchor="end" fill="#444">${Y.fmt(t)}</text>`);
  }
  for (const t of X.ticks) {
    const x = num(sx(t));
    out.push(`<line x1="${x}" x2="${x}" y1="${m.top}" y2="${m.top + ph}" stroke="#efefef"/>`);
    out.push(`<text x="${x}" y="${m.top + ph + 16}" text-anchor="middle" fill="#444">${X.fmt(t)}</text>`);
  }
  out.push(`<rect x="${m.left}" y="${m.top}" width="${pw}" height="${ph}" fill="none" stroke="#888"/>`);
  out.push(`<text x="${m.left + pw / 2}" y="${height - 12}" text-anchor="middle" fill="#222">${esc(opts.xLabel)}</text>`);
  out.push(`<text transform="translate(16 ${m.top + ph / 2}) rotate(-90)" text-anchor="middle" fill="#222">${esc(opts.yLabel)}</text>`);

  for (const k of placed) {
    const x = num(k.px);
    const ly = m.top - 5 - (rowEnds.length - 1 - k.row) * 13;
    out.push(`<line x1="${x}" x2="${x}" y1="${ly + 2}" y2="${m.top + ph}" stroke="#666" stroke-dasharray="4 3"/>`);
    out.push(`<text x="${num(k.px + 3)}" y="${ly}" font-size="11" fill="#555">${esc(k.label)}</text>`);
  }

  // Series, clipped to the plot area.
  out.push(`<clipPath id="plot"><rect x="${m.left}" y="${m.top}" width="${pw}" height="${ph}"/></clipPath>`, `<g clip-path="url(#plot)">`);
  series.forEach((s, i) => {
    const c = PALETTE[i % PALETTE.length];
    const runs: [number, number][][] = [[]];
    for (const p of s.points.filter(([x]) => Number.isFinite(x)).sort((a, b) => a[0] - b[0]))
      if (Number.isFinite(p[1])) runs.at(-1)!.push(p);
      else if (runs.at(-1)!.length) runs.push([]);
    for (const pts of runs)
      if (pts.length > 1)
        out.push(
          `<polyline fill="none" stroke="${c}" stroke-width="1.8" stroke-linejoin="round" points="${pts.map(([x, y]) => `${num(sx(x))},${num(sy(y))}`).join(" ")}"/>`,
        );
      else if (pts.length === 1) out.push(`<circle cx="${num(sx(pts[0]![0]))}" cy="${num(sy(pts[0]![1]))}" r="2.5" fill="${c}"/>`);
  });
  out.push(`</g>`);
  if (!all.length) out.push(`<text x="${m.left + pw / 2}" y="${m.top + ph / 2}" text-anchor="middle" fill="#888">no data</text>`);

  // Legend to the right of the plot.
  series.forEach((s, i) => {
    const x = m.left + pw + 14;
    const y = m.top + 8 + i * 18;
    out.push(`<line x1="${x}" x2="${x + 18}" y1="${y}" y2="${y}" stroke="${PALETTE[i % PALETTE.length]}" stroke-width="3"/>`);
    out.push(`<text x="${x + 24}" y="${y}" dy="0.32em" fill="#222">${esc(s.name.length > 23 ? `${s.name.slice(0, 22)}…` : s.name)}</text>`);
  });
  out.push(`</svg>`);
  return `${out.join("\n")}\n`;
}
