/** What the summary needs from a model. */
export interface SummarizableModel {
  name: string;
  layers: ReadonlyArray<{ name: string; className: string; countParams(): number; trainableWeights: ReadonlyArray<{ size: number }>; nonTrainableWeights: ReadonlyArray<{ size: number }> }>;
  /** Output shape per layer (batch axis null), or null when the model is not built. */
  layerOutputShapes(): Array<ReadonlyArray<number | null>> | null;
}

export interface SummaryOptions {
  /** Minimum total width. Default 80. */
  lineLength?: number;
  /** Called with the whole table. Default console.log. */
  printFn?: (text: string) => void;
}

/** Bytes in human units, as Keras prints them: 24.00 B, 3.05 KB, 1.20 MB. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let i = 0;
  while (bytes >= 1024 && i < units.length - 1) {
    bytes /= 1024;
    i++;
  }
  return `${bytes.toFixed(2)} ${units[i]}`;
}

const shapeText = (s: ReadonlyArray<number | null>) => `(${s.map((d) => (d === null ? 'None' : String(d))).join(', ')}${s.length === 1 ? ',' : ''})`;
const count = (n: number) => n.toLocaleString('en-US');

/**
 * The Keras 3-style summary table of a model, as a string. Columns widen so names never truncate.
 * @example console.log(formatSummary(model))
 */
export function formatSummary(model: SummarizableModel, options: Pick<SummaryOptions, 'lineLength'> = {}): string {
  const shapes = model.layerOutputShapes();
  const rows = model.layers.map((layer, i) => [
    `${layer.name} (${layer.className})`,
    shapes ? shapeText(shapes[i]) : '?',
    shapes ? count(layer.countParams()) : '0 (unbuilt)',
  ]);
  const header = ['Layer (type)', 'Output Shape', 'Param #'];
  const total = options.lineLength ?? 80;
  const minimum = [Math.round(total * 0.42), Math.round(total * 0.3), 0];
  minimum[2] = total - 4 - minimum[0] - minimum[1];
  const widths = header.map((h, c) => Math.max(minimum[c], h.length + 2, ...rows.map((r) => r[c].length + 2)));
  const cell = (text: string, c: number) => (c === 2 ? ` ${text.padStart(widths[c] - 2)} ` : ` ${text.padEnd(widths[c] - 2)} `);
  const line = (l: string, m: string, r: string, fill: string) => l + widths.map((w) => fill.repeat(w)).join(m) + r;
  const out = [`Model: "${model.name}"`, line('┏', '┳', '┓', '━'), '┃' + header.map(cell).join('┃') + '┃', line('┡', '╇', '┩', '━')];
  rows.forEach((r, i) => {
    out.push('│' + r.map(cell).join('│') + '│');
    if (i < rows.length - 1) out.push(line('├', '┼', '┤', '─'));
  });
  out.push(line('└', '┴', '┘', '─'));
  const trainable = model.layers.reduce((n, l) => n + l.trainableWeights.reduce((m, w) => m + w.size, 0), 0);
  const nonTrainable = model.layers.reduce((n, l) => n + l.nonTrainableWeights.reduce((m, w) => m + w.size, 0), 0);
  const params = (label: string, n: number) => ` ${label}: ${count(n)} (${formatBytes(n * 4)})`;
  out.push(params('Total params', trainable + nonTrainable), params('Trainable params', trainable), params('Non-trainable params', nonTrainable));
  return out.join('\n');
}
