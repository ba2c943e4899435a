import type { TrainingBatch } from './data-adapter.js';

/**
 * Turns passes over the data into epochs. Without `steps` an epoch is one full pass. With `steps` an
 * epoch takes that many batches from one iterator that continues across epochs (Keras's steps_per_epoch):
 * when a pass of known length ends, a new pass starts (reshuffled); when a pass of unknown length ends,
 * the data has run out and `exhausted` is set, so the loop can stop training with a warning.
 */
export class EpochSchedule {
  exhausted = false;
  private cursor: AsyncIterator<TrainingBatch> | null = null;

  constructor(
    private readonly startPass: () => AsyncIterator<TrainingBatch>,
    private readonly steps: number | undefined,
    private readonly passLengthKnown: boolean,
  ) {}

  async *epoch(): AsyncGenerator<TrainingBatch> {
    if (this.steps === undefined) {
      const it = this.startPass();
      this.cursor = it;
      try {
        while (true) {
          const r = await it.next();
          if (r.done) return;
          yield r.value;
        }
      } finally {
        this.cursor = null;
        await it.return?.();
      }
    }
    let freshPass = false;
    for (let step = 0; step < this.steps; ) {
      if (!this.cursor) {
        this.cursor = this.startPass();
        freshPass = true;
      }
      const r = await this.cursor.next();
      if (r.done) {
        this.cursor = null;
        // an empty pass would restart forever
        if (!this.passLengthKnown || freshPass) {
          this.exhausted = true;
          return;
        }
        continue;
      }
      freshPass = false;
      step++;
      yield r.value;
    }
  }

  /** Ends a pass left open between epochs (closes files behind a dataset). */
  async close(): Promise<void> {
    const it = this.cursor;
    this.cursor = null;
    await it?.return?.();
  }
}
