import { Callback, type Logs } from './callback.js';
import type { MonitorName } from '../metrics.js';
import { maximizes } from './early-stopping.js';

/**
 * Saves the model after each epoch (or only when the monitored quantity improves).
 * `{epoch}` in the path is replaced by the 1-based epoch number.
 * @example new ModelCheckpoint({ filepath: 'checkpoints/best', saveBestOnly: true })
 */
export class ModelCheckpoint extends Callback {
  readonly filepath: string;
  readonly monitor: string;
  readonly saveBestOnly: boolean;
  private readonly sign: number;
  private best = Infinity;

  constructor(args: { filepath: string; monitor?: MonitorName; saveBestOnly?: boolean; mode?: 'auto' | 'min' | 'max' }) {
    super();
    if (!args || typeof args.filepath !== 'string' || !args.filepath) throw new Error(`ModelCheckpoint: filepath must be a non-empty string, got ${JSON.stringify(args?.filepath)}`);
    this.filepath = args.filepath;
    this.monitor = args.monitor ?? 'val_loss';
    this.saveBestOnly = args.saveBestOnly ?? false;
    this.sign = maximizes(this.monitor, args.mode ?? 'auto') ? -1 : 1;
  }

  override async onEpochEnd(epoch: number, logs: Logs = {}): Promise<void> {
    if (!this.model?.save) throw new Error('ModelCheckpoint: the model cannot be saved');
    if (this.saveBestOnly) {
      const value = logs[this.monitor];
      if (value === undefined) throw new Error(`ModelCheckpoint: monitored quantity '${this.monitor}' is not in the logs; available: ${Object.keys(logs).join(', ')}`);
      if (!(this.sign * value < this.best)) return;
      this.best = this.sign * value;
    }
    await this.model.save(this.filepath.replace('{epoch}', String(epoch + 1)));
  }
}
