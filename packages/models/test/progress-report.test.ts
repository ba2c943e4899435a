import { describe, expect, it } from 'vitest';
import { tensor, zeros } from '@rectify/core';
import { Dense } from '@rectify/layers';
import { ProgressReport, Sequential, type Progress } from '../src/index.js';
import { consoleLineStream } from '../src/callbacks/console-stream.js';

describe('ProgressReport', () => {
  it('reports running means during each epoch and the logs at its end', async () => {
    const model = new Sequential({ layers: [new Dense({ units: 2, inputShape: [3] })] });
    model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    const reports: Progress[] = [];
    await model.fit(tensor([1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 2, 3], [4, 3]), zeros([4, 2]), { epochs: 2, batchSize: 2, verbose: 0, shuffle: false, callbacks: [new ProgressReport((p) => reports.push(p), 0)] });
    expect(reports.map((p) => [p.epoch, p.step, p.steps, p.epochEnd])).toEqual([
      [0, 1, 2, false], [0, 2, 2, false], [0, 2, 2, true],
      [1, 1, 2, false], [1, 2, 2, false], [1, 2, 2, true],
    ]);
    // the running mean after the last batch is the epoch's loss
    expect(reports[1].logs.loss).toBeCloseTo(reports[2].logs.loss, 5);
    expect(reports.every((p) => p.epochs === 2 && Number.isFinite(p.logs.loss))).toBe(true);
  });

  it('refuses what it cannot report to, with the value received', () => {
    expect(() => new ProgressReport(42 as never)).toThrow('ProgressReport: expected a function to report to, got number');
    expect(() => new ProgressReport(() => {}, -1)).toThrow('ProgressReport: intervalMs must be a number >= 0, got -1');
  });
});

describe('the console progress stream', () => {
  it('logs whole lines only, keeping a partial line until it ends', () => {
    const lines: string[] = [];
    const log = console.log;
    console.log = (line: string) => void lines.push(line);
    try {
      const stream = consoleLineStream();
      stream.write('Epoch 1/2\n2/2 ');
      expect(lines).toEqual(['Epoch 1/2']);
      stream.write('12ms - loss: 0.5\n');
      expect(lines).toEqual(['Epoch 1/2', '2/2 12ms - loss: 0.5']);
      expect(stream.isTTY).toBe(false);
    } finally {
      console.log = log;
    }
  });
});
