import { afterAll, expect, it } from 'vitest';
import * as r from '@rectify/rectify';
import { wasmContext } from '../packages/core/src/backend/wasm/context.js';
import { wasmLimits } from '../packages/core/src/backend/wasm/limits.js';

// A seeded training run gives the same weights, bit for bit, on one thread and on several: split
// products compute each row exactly as one thread would. The limits are 0 so every product of the run
// runs in wasm and splits, however small.
const saved = { ...wasmLimits };
const threads = r.getNumThreads();
afterAll(() => {
  Object.assign(wasmLimits, saved);
  r.setNumThreads(threads);
});

async function trainedWeights(numThreads: number, sparse = false): Promise<Float32Array[]> {
  r.setNumThreads(numThreads);
  r.setSeed(7);
  const model = new r.Sequential({
    layers: [
      new r.Conv2D({ filters: 4, kernelSize: 3, activation: 'relu', inputShape: [8, 8, 1] }),
      new r.MaxPooling2D({ poolSize: 2 }),
      new r.Flatten(),
      new r.Dense({ units: 16, activation: 'relu' }),
      new r.Dense({ units: 3, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: new r.Adam({ learningRate: 0.01 }), loss: 'sparseCategoricalCrossentropy' });
  // sparse: ~80% zeros, like MNIST's pixels, so the products of the input run the sparse kernel
  const pixel = (i: number) => (sparse ? Math.max(0, Math.sin(0.37 * i) - 0.8) : Math.sin(0.37 * i));
  const x = r.tensor(Float32Array.from({ length: 64 * 64 }, (_, i) => pixel(i)), [64, 8, 8, 1]);
  const y = r.tensor(Float32Array.from({ length: 64 }, (_, i) => i % 3), [64]);
  await model.fit(x, y, { epochs: 2, batchSize: 16, verbose: 0, seed: 3 });
  return model.getWeights().map((w) => Float32Array.from(w.dataSync()));
}

it('a seeded run trains to the same weights on 1, 2 and 3 threads', async () => {
  expect(r.getBackendName()).toBe('wasm');
  Object.assign(wasmLimits, { threadWork: 0, sparseThreadWork: 0, matmulWork: 0, matmulRows: 0 });
  const one = await trainedWeights(1);
  expect(await trainedWeights(2)).toEqual(one);
  expect(await trainedWeights(3)).toEqual(one);
});

it('so does a run whose inputs are mostly zeros, whose products run the sparse kernel', async () => {
  Object.assign(wasmLimits, { threadWork: 0, sparseThreadWork: 0, matmulWork: 0, matmulRows: 0 });
  const ctx = wasmContext()!;
  const original = ctx.exports;
  let compressed = 0; // products that went through the sparse kernel
  ctx.exports = { ...original, sparseRows: (...args: number[]) => (compressed++, (original.sparseRows as (...a: number[]) => number)(...args)) };
  try {
    const one = await trainedWeights(1, true);
    expect(compressed).toBeGreaterThan(0);
    expect(await trainedWeights(2, true)).toEqual(one);
    expect(await trainedWeights(3, true)).toEqual(one);
  } finally {
    ctx.exports = original;
  }
});
