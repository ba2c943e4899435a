import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Dense, SGD, Sequential, applyLoss, createDataAdapter, data, setSeed, type Tensor } from '@rectify/rectify';

const dir = mkdtempSync(join(tmpdir(), 'rectify-data-training-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('training from a streamed CSV through the data adapter', () => {
  it('recovers y = 2a - b + 0.5 from a file read in small chunks', async () => {
    setSeed(2);
    const path = join(dir, 'line.csv');
    const rows = Array.from({ length: 400 }, (_, i) => {
      const a = ((i * 37) % 101) / 50 - 1;
      const b = ((i * 53) % 89) / 44 - 1;
      return `${a},${b},${2 * a - b + 0.5}`;
    });
    writeFileSync(path, `a,b,y\n${rows.join('\n')}\n`);
    const ds = data
      .csv(path, { columnConfigs: { y: { isLabel: true } }, chunkSize: 512 })
      .map(({ xs, ys }) => ({ xs: Object.values(xs as Record<string, number>), ys: Object.values(ys as Record<string, number>) }))
      .shuffle(400, 3)
      .batch(20);
    const model = new Sequential({ layers: [new Dense({ units: 1, inputShape: [2] })] });
    model.compile({ optimizer: new SGD({ learningRate: 0.2 }), loss: 'mse' });
    const adapter = createDataAdapter(ds);
    expect(adapter.steps).toBe(null); // a CSV's length is unknown until read
    for (let epoch = 0; epoch < 30; epoch++) {
      for await (const { x, y, sampleWeight } of adapter.epoch()) {
        model.optimizer!.zeroGrad(model.trainableWeights);
        applyLoss(model.loss!, y as Tensor, model.apply(x as Tensor, { training: true }), { sampleWeight }).backward();
        model.optimizer!.step(model.trainableWeights);
      }
    }
    const [kernel, bias] = model.getWeights();
    Array.from(kernel.dataSync()).forEach((w, i) => expect(w).toBeCloseTo([2, -1][i], 2));
    expect(bias.item()).toBeCloseTo(0.5, 2);
  });
});
