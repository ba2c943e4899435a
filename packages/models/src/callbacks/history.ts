import { Callback, type Logs } from './callback.js';

/**
 * Records every epoch's logs: `history.history.loss[i]` is epoch i's loss (also metrics and `val_` entries).
 * @example const history = await model.fit(x, y, { epochs: 5 }); history.history.loss
 */
export class History extends Callback {
  epoch: number[] = [];
  history: Record<string, number[]> = {};
  override async onTrainBegin(): Promise<void> {
    this.epoch = [];
    this.history = {};
  }
  override async onEpochEnd(epoch: number, logs: Logs = {}): Promise<void> {
    this.epoch.push(epoch);
    for (const [key, value] of Object.entries(logs)) (this.history[key] ??= []).push(value);
  }
}
