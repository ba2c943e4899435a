import { describe, expect, it } from 'vitest';
import { setSeed, tensor } from '@rectify/core';
import { Dense } from '@rectify/layers';
import { SGD } from '@rectify/optim';
import { Callback, EarlyStopping, LearningRateScheduler, ProgressBar, ReduceLROnPlateau, Sequential, TerminateOnNaN, callbacks, type Logs } from '../src/index.js';

const x = tensor([[0], [1], [2], [3]]);
const y = tensor([[1], [3], [5], [7]]);

function line(lr = 0.01): Sequential {
  setSeed(9);
  const model = new Sequential({ layers: [new Dense({ units: 1, inputShape: [1] })] });
  model.compile({ optimizer: new SGD({ learningRate: lr }), loss: 'mse' });
  return model;
}

class Recorder extends Callback {
  events: string[] = [];
  override async onTrainBegin() { this.events.push('trainBegin'); }
  override async onEpochBegin(e: number) { this.events.push(`epochBegin${e}`); }
  override async onBatchEnd(b: number) { this.events.push(`batchEnd${b}`); }
  override async onEpochEnd(e: number, logs: Logs) { this.events.push(`epochEnd${e}:${Number.isFinite(logs.loss)}`); }
  override async onTrainEnd() { this.events.push('trainEnd'); }
}

describe('callbacks', () => {
  it('run the Keras hooks in order', async () => {
    const r = new Recorder();
    await line().fit(x, y, { epochs: 2, batchSize: 2, verbose: 0, shuffle: false, callbacks: [r] });
    expect(r.events).toEqual(['trainBegin', 'epochBegin0', 'batchEnd0', 'batchEnd1', 'epochEnd0:true', 'epochBegin1', 'batchEnd0', 'batchEnd1', 'epochEnd1:true', 'trainEnd']);
  });

  it('EarlyStopping stops after patience and restores the best weights', async () => {
    const model = line(0.01);
    const snapshots: number[][] = [];
    const snap = new (class extends Callback {
      override async onEpochEnd() { snapshots.push(model.getWeights().flatMap((w) => Array.from(w.dataSync()))); }
    })();
    // a minDelta no change can meet: epoch 0 sets the best, epochs 1 and 2 exhaust patience 1
    const stop = new EarlyStopping({ monitor: 'loss', patience: 1, minDelta: 1e9, restoreBestWeights: true });
    const h = await model.fit(x, y, { epochs: 30, batchSize: 4, verbose: 0, callbacks: [snap, stop] });
    expect(h.history.loss).toHaveLength(3);
    expect(stop.stoppedEpoch).toBe(2);
    expect(model.getWeights().flatMap((w) => Array.from(w.dataSync()))).toEqual(snapshots[0]);
    expect(snapshots[2]).not.toEqual(snapshots[0]);
  });

  it('LearningRateScheduler and ReduceLROnPlateau change the optimizer learning rate', async () => {
    const model = line();
    await model.fit(x, y, { epochs: 3, verbose: 0, callbacks: [new LearningRateScheduler((epoch) => 0.01 / (epoch + 1))] });
    expect(model.optimizer!.currentLearningRate).toBeCloseTo(0.01 / 3);
    const plateau = line(1e-9); // learns nothing, so the loss plateaus
    const h = await plateau.fit(x, y, { epochs: 3, verbose: 0, callbacks: [new ReduceLROnPlateau({ monitor: 'loss', patience: 1, factor: 0.5 })] });
    expect(h.history.learning_rate.at(-1)).toBeLessThan(1e-9);
  });

  it('TerminateOnNaN stops on a NaN loss and says so', async () => {
    const messages: string[] = [];
    const model = line();
    const h = await model.fit(tensor([[1], [Number.NaN]]), tensor([[1], [2]]), { epochs: 5, batchSize: 2, verbose: 0, callbacks: [new TerminateOnNaN((m) => messages.push(m))] });
    expect(messages[0]).toMatch(/TerminateOnNaN: batch 0 has loss NaN; stopping training/);
    expect(h.history.loss.length).toBe(1);
  });

  it('ProgressBar draws a live bar on a terminal and one line per epoch otherwise', async () => {
    const tty = { isTTY: true, text: '', write(t: string) { this.text += t; } };
    const pipe = { isTTY: false, text: '', write(t: string) { this.text += t; } };
    await line().fit(x, y, { epochs: 2, batchSize: 1, verbose: 0, callbacks: [new ProgressBar({ stream: tty }), new ProgressBar({ stream: pipe })] });
    expect(tty.text).toContain('\r');
    expect(tty.text).toMatch(/Epoch 1\/2\n.*1\/4 .*ETA/s);
    expect(pipe.text).not.toContain('\r');
    const lines = pipe.text.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^4\/4 \S+ \S+\/step - loss: \d+\.\d{4}$/);
  });

  it('are also available as a namespace', () => {
    expect(new callbacks.EarlyStopping()).toBeInstanceOf(EarlyStopping);
    expect(Object.keys(callbacks)).toEqual(expect.arrayContaining(['History', 'ProgressBar', 'EarlyStopping', 'LearningRateScheduler', 'ReduceLROnPlateau', 'TerminateOnNaN', 'ModelCheckpoint']));
  });
});
