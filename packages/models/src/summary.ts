/** One row of the summary table. */
export interface SummaryRow {
  /** `name (ClassName)`. */
  layer: string;
  outputShape: string;
  params: string;
  /** For graph models: the tensors feeding the layer, as `layer[node][tensor]` (Keras's "Connected to"). */
  connectedTo?: string[];
}

/** What the summary needs from a model. */
export interface SummarizableModel {
  name: string;
  summaryRows(): SummaryRow[];
  /** Weights counted once each, however many layers share them. */
  trainableWeights: ReadonlyArray<{ size: number }>;
  nonTrainableWeights: ReadonlyArray<{ size: number }>;
}

export interface SummaryOptions {
  /** Minimum total width. Default 80 (98 with the "Connected to" column). */
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

/** A shape as Keras prints it: (None, 28, 28, 1). */
export const shapeText = (s: ReadonlyArray<number | null>) => `(${s.map((d) => (d === null ? 'None' : String(d))).join(', ')}${s.length === 1 ? ',' : ''})`;
/** A count with thousands separators: 1,234. */
export const countText = (n: number) => n.toLocaleString('en-US');

/**
 * The Keras 3-style summary table of a model, as a string. Columns widen so names never truncate; graph
 * models get the "Connected to" column, one connection per line.
 * @example console.log(formatSummary(model))
 */
export function formatSummary(model: SummarizableModel, options: Pick<SummaryOptions, 'lineLength'> = {}): string {
  const rows = model.summaryRows();
  const graph = rows.some((r) => r.connectedTo !== undefined);
  const header = ['Layer (type)', 'Output Shape', 'Param #', ...(graph ? ['Connected to'] : [])];
  const cells = rows.map((r) => [[r.layer], [r.outputShape], [r.params], ...(graph ? [r.connectedTo?.length ? r.connectedTo : ['-']] : [])]);
  const total = options.lineLength ?? (graph ? 98 : 80);
  const shares = graph ? [0.3, 0.25, 0.15] : [0.42, 0.3];
  const minimum = shares.map((s) => Math.round(total * s));
  minimum.push(total - header.length - 1 - minimum.reduce((a, b) => a + b, 0));
  const widths = header.map((h, c) => Math.max(minimum[c], h.length + 2, ...cells.map((r) => Math.max(...r[c].map((t) => t.length + 2)))));
  const numeric = 2;
  const cell = (text: string, c: number) => (c === numeric ? ` ${text.padStart(widths[c] - 2)} ` : ` ${text.padEnd(widths[c] - 2)} `);
  const line = (l: string, m: string, r: string, fill: string) => l + widths.map((w) => fill.repeat(w)).join(m) + r;
  const out = [`Model: "${model.name}"`, line('┏', '┳', '┓', '━'), '┃' + header.map(cell).join('┃') + '┃', line('┡', '╇', '┩', '━')];
  cells.forEach((r, i) => {
    const height = Math.max(...r.map((lines) => lines.length));
    for (let k = 0; k < height; k++) out.push('│' + r.map((lines, c) => cell(lines[k] ?? '', c)).join('│') + '│');
    if (i < cells.length - 1) out.push(line('├', '┼', '┤', '─'));
  });
  out.push(line('└', '┴', '┘', '─'));
  const trainable = model.trainableWeights.reduce((m, w) => m + w.size, 0);
  const nonTrainable = model.nonTrainableWeights.reduce((m, w) => m + w.size, 0);
  const params = (label: string, n: number) => ` ${label}: ${countText(n)} (${formatBytes(n * 4)})`;
  out.push(params('Total params', trainable + nonTrainable), params('Trainable params', trainable), params('Non-trainable params', nonTrainable));
  return out.join('\n');
}
