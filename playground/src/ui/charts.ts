// Small canvas charts: no chart library, so the page stays a few kilobytes of its own.

/** A 2D context of a canvas, scaled so drawing is in CSS pixels. */
function context(canvas: HTMLCanvasElement): { g: CanvasRenderingContext2D; w: number; h: number } {
  const g = canvas.getContext('2d')!;
  const w = canvas.width, h = canvas.height;
  g.clearRect(0, 0, w, h);
  g.font = '11px system-ui, sans-serif';
  return { g, w, h };
}

/** Lines over the step axis, each with its own color; `range` fixes the y axis (else it fits the data). */
export function drawLines(canvas: HTMLCanvasElement, series: Array<{ label: string; color: string; points: Array<[number, number]> }>, range?: [number, number]): void {
  const { g, w, h } = context(canvas);
  const all = series.flatMap((s) => s.points).filter(([, y]) => Number.isFinite(y));
  if (all.length === 0) return;
  const xMax = Math.max(1, ...all.map(([x]) => x));
  const [lo, hi] = range ?? [Math.min(0, ...all.map(([, y]) => y)), Math.max(1e-6, ...all.map(([, y]) => y))];
  const pad = 24;
  const X = (x: number) => pad + ((w - pad - 6) * x) / xMax;
  const Y = (y: number) => h - pad - ((h - pad - 6) * (Math.min(hi, Math.max(lo, y)) - lo)) / (hi - lo || 1);
  g.strokeStyle = '#ccd';
  g.beginPath();
  g.moveTo(pad, 6);
  g.lineTo(pad, h - pad);
  g.lineTo(w - 6, h - pad);
  g.stroke();
  g.fillStyle = '#667';
  g.fillText(hi.toPrecision(2), 2, 12);
  g.fillText(lo.toPrecision(2), 2, h - pad);
  series.forEach((s, k) => {
    g.strokeStyle = s.color;
    g.lineWidth = 1.5;
    g.beginPath();
    s.points.forEach(([x, y], i) => (i === 0 ? g.moveTo(X(x), Y(y)) : g.lineTo(X(x), Y(y))));
    g.stroke();
    g.fillStyle = s.color;
    g.fillText(s.label, pad + 6 + k * 90, h - 6);
  });
}

/** Horizontal bars on a log scale (gradient norms span orders of magnitude). */
export function drawLogBars(canvas: HTMLCanvasElement, bars: Array<{ label: string; value: number }>): void {
  const { g, w, h } = context(canvas);
  if (bars.length === 0) return;
  const logs = bars.map((b) => Math.log10(Math.max(b.value, 1e-12)));
  const lo = Math.min(-6, ...logs), hi = Math.max(1, ...logs);
  const row = Math.min(22, (h - 4) / bars.length);
  bars.forEach((b, i) => {
    const len = ((w - 150) * (logs[i] - lo)) / (hi - lo);
    g.fillStyle = '#4a7bd0';
    g.fillRect(70, 2 + i * row, Math.max(1, len), row - 4);
    g.fillStyle = '#223';
    g.fillText(b.label, 2, 2 + i * row + row / 2 + 3);
    g.fillText(b.value.toExponential(1), 74 + Math.max(1, len), 2 + i * row + row / 2 + 3);
  });
}

/**
 * One row of cells per layer, one cell per unit: dark red for a dead unit (never fires on the probe
 * batch), shades of green by how often it fires.
 */
export function drawUnitMap(canvas: HTMLCanvasElement, layers: Array<{ layer: string; firing: number[] }>): void {
  const { g, w, h } = context(canvas);
  if (layers.length === 0) return;
  const row = Math.min(28, h / layers.length);
  layers.forEach((l, r) => {
    const cell = (w - 60) / l.firing.length;
    g.fillStyle = '#223';
    g.fillText(l.layer, 2, r * row + row / 2 + 3);
    l.firing.forEach((f, i) => {
      g.fillStyle = f === 0 ? '#8b1a1a' : `hsl(130, 55%, ${75 - 45 * f}%)`;
      g.fillRect(60 + i * cell, r * row + 2, Math.max(1, cell - 0.5), row - 4);
    });
  });
}
