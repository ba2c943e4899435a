import { Callback, type Logs } from './callback.js';

/** What `ProgressReport` hands to its function. */
export interface Progress {
  /** Epoch, from 0. */
  epoch: number;
  /** Epochs of the whole fit. */
  epochs: number;
  /** Batches done in this epoch. */
  step: number;
  /** Batches per epoch. */
  steps: number;
  /** Running means over this epoch so far (at an epoch's end: the epoch's logs, validation included). */
  logs: Logs;
  /** True for the report at the end of an epoch. */
  epochEnd: boolean;
}

/**
 * Progress as data, for a page to show: calls `report` with the running loss and metrics at most once
 * every `intervalMs` during an epoch, and always at its end. The browser's counterpart of ProgressBar.
 * @example new ProgressReport((p) => console.log(`epoch ${p.epoch + 1}: loss ${p.logs.loss}`))
 */
export class ProgressReport extends Callback {
  private sums: Record<string, number> = {};
  private seen = 0;
  private last = 0;
  private epoch = 0;

  constructor(private readonly report: (progress: Progress) => void, private readonly intervalMs = 100) {
    super();
    if (typeof report !== 'function') throw new Error(`ProgressReport: expected a function to report to, got ${report === null ? 'null' : typeof report}`);
    if (!(intervalMs >= 0)) throw new Error(`ProgressReport: intervalMs must be a number >= 0, got ${intervalMs}`);
  }

  override async onEpochBegin(epoch: number): Promise<void> {
    this.epoch = epoch;
    this.sums = {};
    this.seen = 0;
    this.last = 0;
  }

  override async onBatchEnd(batch: number, logs: Logs = {}): Promise<void> {
    const size = logs.size ?? 1;
    this.seen += size;
    for (const [k, v] of Object.entries(logs)) if (k !== 'size' && k !== 'batch') this.sums[k] = (this.sums[k] ?? 0) + v * size;
    const now = performance.now();
    if (now - this.last < this.intervalMs) return;
    this.last = now;
    const means = Object.fromEntries(Object.entries(this.sums).map(([k, v]) => [k, v / this.seen]));
    this.report({ epoch: this.epoch, epochs: this.params?.epochs ?? 0, step: batch + 1, steps: this.params?.steps ?? 0, logs: means, epochEnd: false });
  }

  override async onEpochEnd(epoch: number, logs: Logs = {}): Promise<void> {
    const steps = this.params?.steps ?? 0;
    this.report({ epoch, epochs: this.params?.epochs ?? 0, step: steps, steps, logs: { ...logs }, epochEnd: true });
  }
}
