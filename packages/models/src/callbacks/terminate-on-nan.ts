import { Callback, type Logs } from './callback.js';

/**
 * Stops training at the first NaN or infinite loss and says so.
 * @example new TerminateOnNaN()
 */
export class TerminateOnNaN extends Callback {
  /** The batch that produced a non-finite loss, or null. */
  stoppedAtBatch: number | null = null;
  constructor(private readonly log: (message: string) => void = (m) => console.warn(m)) {
    super();
  }
  override async onBatchEnd(batch: number, logs: Logs = {}): Promise<void> {
    if (logs.loss !== undefined && !Number.isFinite(logs.loss) && this.model && !this.model.stopTraining) {
      this.stoppedAtBatch = batch;
      this.log(`TerminateOnNaN: batch ${batch} has loss ${logs.loss}; stopping training`);
      this.model.stopTraining = true;
    }
  }
}
