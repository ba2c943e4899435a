/** One curve of a chart. */
export interface Series {
  label: string;
  x: number[];
  y: number[];
  color?: string;
  dashed?: boolean;
}

export interface ChartOptions {
  title?: string;
  width?: number;
  height?: number;
  xLabel?: string;
  yLabel?: string;
  /** Label the x axis with whole numbers only (epochs, steps). Default false. */
  integerX?: boolean;
}

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b'];

const escapeXml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/** About five round tick values covering [lo, hi]; with `integer`, whole numbers only (at least 1 apart). */
export function ticks(lo: number, hi: number, count = 5, integer = false): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const round = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw)!;
  const step = integer ? Math.max(1, round) : round;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

/** A self-contained SVG line chart (axes, ticks, grid, legend); non-finite points break the line. */
export function lineChart(series: Series[], options: ChartOptions = {}): string {
  const width = options.width ?? 640;
  const height = options.height ?? 400;
  const m = { left: 60, right: 20, top: options.title ? 40 : 20, bottom: 50 };
  const xs = series.flatMap((s) => s.x).filter(Number.isFinite);
  const ys = series.flatMap((s) => s.y).filter(Number.isFinite);
  if (xs.length === 0 || ys.length === 0) throw new Error('plot: nothing finite to draw');
  let [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  let [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  if (x1 === x0) [x0, x1] = [x0 - 1, x1 + 1];
  if (y1 === y0) [y0, y1] = [y0 - 1, y1 + 1];
  const pad = (y1 - y0) * 0.05;
  [y0, y1] = [y0 - pad, y1 + pad];
  const px = (x: number) => m.left + ((x - x0) / (x1 - x0)) * (width - m.left - m.right);
  const py = (y: number) => height - m.bottom - ((y - y0) / (y1 - y0)) * (height - m.top - m.bottom);
  const fmt = (v: number) => Number(v.toPrecision(4)).toString();
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
  ];
  if (options.title) parts.push(`<text x="${width / 2}" y="24" text-anchor="middle" font-size="16">${escapeXml(options.title)}</text>`);
  for (const t of ticks(x0, x1, 5, options.integerX)) parts.push(`<line x1="${px(t)}" y1="${m.top}" x2="${px(t)}" y2="${height - m.bottom}" stroke="#eee"/>`, `<text x="${px(t)}" y="${height - m.bottom + 16}" text-anchor="middle">${fmt(t)}</text>`);
  for (const t of ticks(y0, y1)) parts.push(`<line x1="${m.left}" y1="${py(t)}" x2="${width - m.right}" y2="${py(t)}" stroke="#eee"/>`, `<text x="${m.left - 6}" y="${py(t) + 4}" text-anchor="end">${fmt(t)}</text>`);
  if (y0 < 0 && y1 > 0) parts.push(`<line x1="${m.left}" y1="${py(0)}" x2="${width - m.right}" y2="${py(0)}" stroke="#999"/>`);
  parts.push(`<rect x="${m.left}" y="${m.top}" width="${width - m.left - m.right}" height="${height - m.top - m.bottom}" fill="none" stroke="#333"/>`);
  if (options.xLabel) parts.push(`<text x="${width / 2}" y="${height - 12}" text-anchor="middle">${escapeXml(options.xLabel)}</text>`);
  if (options.yLabel) parts.push(`<text x="16" y="${height / 2}" text-anchor="middle" transform="rotate(-90 16 ${height / 2})">${escapeXml(options.yLabel)}</text>`);
  series.forEach((s, k) => {
    const color = s.color ?? PALETTE[k % PALETTE.length];
    let d = '';
    let pen = false;
    s.x.forEach((x, i) => {
      const y = s.y[i];
      if (!Number.isFinite(x) || !Number.isFinite(y)) return void (pen = false);
      d += `${pen ? 'L' : 'M'}${px(x).toFixed(2)},${py(y).toFixed(2)} `;
      pen = true;
    });
    parts.push(`<path d="${d.trim()}" fill="none" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6,4"' : ''}/>`);
    parts.push(`<line x1="${m.left + 10}" y1="${m.top + 14 + 18 * k}" x2="${m.left + 34}" y2="${m.top + 14 + 18 * k}" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6,4"' : ''}/>`, `<text x="${m.left + 40}" y="${m.top + 18 + 18 * k}">${escapeXml(s.label)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}
