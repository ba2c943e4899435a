import { Callback, type Logs } from './callback.js';
import { defaultProgressStream } from './console-stream.js';

/** Where progress goes: a stream with `write` (and `isTTY` for live redraws). */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

function formatLogs(logs: Logs): string {
  return Object.entries(logs).map(([k, v]) => `${k}: ${Math.abs(v) >= 1e-3 || v === 0 ? v.toFixed(4) : v.toExponential(3)}`).join(' - ');
}

function formatTime(seconds: number): string {
  if (seconds >= 3600) return `${Math.floor(seconds / 3600)}:${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`;
  if (seconds >= 60) return `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`;
  return seconds >= 1 ? `${Math.round(seconds)}s` : `${Math.round(seconds * 1000)}ms`;
}

/** Time per step as Keras prints it: seconds, milliseconds or microseconds ("850us"), never "0ms". */
export function formatStepTime(seconds: number): string {
  if (seconds >= 1) return `${Math.round(seconds)}s`;
  if (seconds >= 1e-3) return `${Math.round(seconds * 1e3)}ms`;
  return `${Math.round(seconds * 1e6)}us`;
}

/**
 * Keras-style progress: on a terminal, a live bar per epoch (steps, ETA, running loss and metrics);
 * otherwise one line per epoch (in a browser, to the console). Added by `fit` when `verbose` is 1.
 * @example await model.fit(x, y, { verbose: 0, callbacks: [new ProgressBar({ stream: process.stderr })] })
 */
export class ProgressBar extends Callback {
  private readonly stream: ProgressStream;
  private readonly width: number;
  private epochStart = 0;
  private lastDraw = 0;
  private running: Record<string, number> = {};
  private seen = 0;
  private steps = 0;

  constructor(options: { stream?: ProgressStream; width?: number } = {}) {
    super();
    this.stream = options.stream ?? defaultProgressStream();
    this.width = options.width ?? 30;
  }

  override async onEpochBegin(epoch: number): Promise<void> {
    this.epochStart = performance.now();
    this.lastDraw = 0;
    this.running = {};
    this.seen = 0;
    this.steps = 0;
    this.stream.write(`Epoch ${epoch + 1}/${this.params?.epochs ?? '?'}\n`);
  }

  override async onBatchEnd(batch: number, logs: Logs = {}): Promise<void> {
    const size = logs.size ?? 1;
    this.seen += size;
    for (const [k, v] of Object.entries(logs)) if (k !== 'size' && k !== 'batch') this.running[k] = (this.running[k] ?? 0) + v * size;
    this.steps = batch + 1;
    if (!this.stream.isTTY) return;
    const now = performance.now();
    const known = this.params?.steps ?? null;
    if (now - this.lastDraw < 100 && (known === null || batch + 1 < known)) return; // redraw at most ten times a second
    this.lastDraw = now;
    const done = batch + 1;
    const averages = Object.fromEntries(Object.entries(this.running).map(([k, v]) => [k, v / this.seen]));
    if (known === null) {
      // the length of a dataset of unknown size: a counter, as Keras prints it
      this.stream.write(`\r\x1b[K${done}/Unknown ${formatTime((now - this.epochStart) / 1000)} - ${formatLogs(averages)}`);
      return;
    }
    const steps = known;
    const filled = Math.round((this.width * done) / steps);
    const bar = '━'.repeat(filled) + ' '.repeat(this.width - filled);
    const elapsed = (now - this.epochStart) / 1000;
    const eta = (elapsed / done) * (steps - done);
    this.stream.write(`\r\x1b[K${String(done).padStart(String(steps).length)}/${steps} ${bar} ETA ${formatTime(eta)} - ${formatLogs(averages)}`);
  }

  override async onEpochEnd(_epoch: number, logs: Logs = {}): Promise<void> {
    const steps = this.params?.steps ?? this.steps;
    const elapsed = (performance.now() - this.epochStart) / 1000;
    const perStep = steps ? formatStepTime(elapsed / steps) : '';
    const prefix = this.stream.isTTY ? `\r\x1b[K${steps}/${steps} ${'━'.repeat(this.width)} ` : `${steps}/${steps} `;
    this.stream.write(`${prefix}${formatTime(elapsed)} ${perStep}/step - ${formatLogs(logs)}\n`);
  }
}
