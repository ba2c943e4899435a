import type { Tensor } from '@rectify/core';
import { Callback, type Logs } from './callback.js';
import type { MonitorName } from '../metrics.js';

export interface EarlyStoppingArgs {
  /** Logged quantity to watch. Default 'val_loss'. */
  monitor?: MonitorName;
  /** Smallest change that counts as an improvement. Default 0. */
  minDelta?: number;
  /** Epochs without improvement before stopping. Default 0. */
  patience?: number;
  /** 'min', 'max', or 'auto' (max for accuracy-like names). Default 'auto'. */
  mode?: 'auto' | 'min' | 'max';
  /** Stop if the quantity does not beat this value. */
  baseline?: number;
  /** Put back the best epoch's weights when stopping. Default false. */
  restoreBestWeights?: boolean;
}

/** True when larger is better for a monitored quantity. */
export function maximizes(monitor: string, mode: 'auto' | 'min' | 'max'): boolean {
  return mode === 'max' || (mode === 'auto' && /acc|auc|precision|recall/.test(monitor));
}

/**
 * Stops training when a monitored quantity stops improving (Keras EarlyStopping).
 * @example new EarlyStopping({ monitor: 'val_loss', patience: 3, restoreBestWeights: true })
 */
export class EarlyStopping extends Callback {
  readonly monitor: string;
  readonly minDelta: number;
  readonly patience: number;
  readonly restoreBestWeights: boolean;
  readonly baseline: number | undefined;
  private readonly sign: number;
  private best = Infinity;
  private wait = 0;
  private bestWeights: Tensor[] | null = null;
  /** The epoch training stopped at, or 0. */
  stoppedEpoch = 0;

  constructor(args: EarlyStoppingArgs = {}) {
    super();
    this.monitor = args.monitor ?? 'val_loss';
    this.minDelta = Math.abs(args.minDelta ?? 0);
    this.patience = args.patience ?? 0;
    this.restoreBestWeights = args.restoreBestWeights ?? false;
    this.baseline = args.baseline;
    this.sign = maximizes(this.monitor, args.mode ?? 'auto') ? -1 : 1;
  }

  override async onTrainBegin(): Promise<void> {
    this.best = this.baseline === undefined ? Infinity : this.sign * this.baseline;
    this.wait = 0;
    this.bestWeights = null;
    this.stoppedEpoch = 0;
  }

  override async onEpochEnd(epoch: number, logs: Logs = {}): Promise<void> {
    const value = logs[this.monitor];
    if (value === undefined) {
      throw new Error(`EarlyStopping: monitored quantity '${this.monitor}' is not in the logs; available: ${Object.keys(logs).join(', ')}`);
    }
    const score = this.sign * value;
    if (score < this.best - this.minDelta) {
      this.best = score;
      this.wait = 0;
      if (this.restoreBestWeights && this.model) this.bestWeights = this.model.getWeights();
      return;
    }
    this.wait++;
    if (this.wait > this.patience && this.model) {
      this.stoppedEpoch = epoch;
      this.model.stopTraining = true;
      if (this.bestWeights) this.model.setWeights(this.bestWeights);
    }
  }
}
