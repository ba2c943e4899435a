import { Callback, type Logs } from './callback.js';
import type { MonitorName } from '../metrics.js';
import { maximizes } from './early-stopping.js';

/**
 * Sets the learning rate at the start of each epoch from `schedule(epoch, currentLr)`.
 * @example new LearningRateScheduler((epoch, lr) => (epoch < 5 ? lr : lr * 0.9))
 */
export class LearningRateScheduler extends Callback {
  constructor(private readonly schedule: (epoch: number, lr: number) => number) {
    super();
    if (typeof schedule !== 'function') throw new Error('LearningRateScheduler: expected a function (epoch, lr) => lr');
  }
  override async onEpochBegin(epoch: number): Promise<void> {
    const opt = this.model?.optimizer;
    if (!opt) throw new Error('LearningRateScheduler: the model has no optimizer (compile it first)');
    const lr = this.schedule(epoch, opt.currentLearningRate);
    if (typeof lr !== 'number' || !Number.isFinite(lr)) throw new Error(`LearningRateScheduler: the schedule returned ${lr} for epoch ${epoch}; expected a finite number`);
    opt.learningRate = lr;
  }
  override async onEpochEnd(_epoch: number, logs: Logs = {}): Promise<void> {
    if (this.model?.optimizer) logs.learning_rate = this.model.optimizer.currentLearningRate;
  }
}

export interface ReduceLROnPlateauArgs {
  monitor?: MonitorName;
  factor?: number;
  patience?: number;
  minDelta?: number;
  cooldown?: number;
  minLr?: number;
  mode?: 'auto' | 'min' | 'max';
}

/**
 * Multiplies the learning rate by `factor` when a monitored quantity stops improving for `patience` epochs.
 * @example new ReduceLROnPlateau({ monitor: 'val_loss', factor: 0.5, patience: 2 })
 */
export class ReduceLROnPlateau extends Callback {
  readonly monitor: string;
  readonly factor: number;
  readonly patience: number;
  readonly minDelta: number;
  readonly cooldown: number;
  readonly minLr: number;
  private readonly sign: number;
  private best = Infinity;
  private wait = 0;
  private cooldownLeft = 0;

  constructor(args: ReduceLROnPlateauArgs = {}) {
    super();
    this.monitor = args.monitor ?? 'val_loss';
    this.factor = args.factor ?? 0.1;
    if (!(this.factor > 0 && this.factor < 1)) throw new Error(`ReduceLROnPlateau: factor must be in (0, 1), got ${args.factor}`);
    this.patience = args.patience ?? 10;
    this.minDelta = args.minDelta ?? 1e-4;
    this.cooldown = args.cooldown ?? 0;
    this.minLr = args.minLr ?? 0;
    this.sign = maximizes(this.monitor, args.mode ?? 'auto') ? -1 : 1;
  }

  override async onTrainBegin(): Promise<void> {
    this.best = Infinity;
    this.wait = 0;
    this.cooldownLeft = 0;
  }

  override async onEpochEnd(_epoch: number, logs: Logs = {}): Promise<void> {
    const value = logs[this.monitor];
    if (value === undefined) throw new Error(`ReduceLROnPlateau: monitored quantity '${this.monitor}' is not in the logs; available: ${Object.keys(logs).join(', ')}`);
    const opt = this.model?.optimizer;
    if (!opt) return;
    if (this.cooldownLeft > 0) {
      this.cooldownLeft--;
      this.wait = 0;
    }
    const score = this.sign * value;
    if (score < this.best - this.minDelta) {
      this.best = score;
      this.wait = 0;
    } else if (this.cooldownLeft === 0 && ++this.wait >= this.patience) {
      opt.learningRate = Math.max(opt.currentLearningRate * this.factor, this.minLr);
      this.cooldownLeft = this.cooldown;
      this.wait = 0;
    }
    logs.learning_rate = opt.currentLearningRate;
  }
}
