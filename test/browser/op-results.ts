import * as r from '../../packages/core/src/index.js';
import { opCases, values, type OpCase } from '../../packages/core/test/op-table.js';

/** One op's outputs: the forward values and the gradient of a weighted sum with respect to each input. */
export interface OpResult {
  name: string;
  forward: number[];
  grads: number[][] | null;
  error?: string;
}

// Operands large enough that matrix products split over threads (whole 4-row tiles per thread).
const threadedCases: OpCase[] = [
  { name: 'matmul [64,48]x[48,40]', inputs: () => [values([64, 48], 1), values([48, 40], 2)], fn: (a, b) => r.matmul(a, b) },
  { name: 'dense relu [32,50]x[50,24]', inputs: () => [values([32, 50], 3), values([50, 24], 4), values([24], 5)], fn: (x, w, b) => r.relu(r.add(r.matmul(x, w), b)) },
  { name: 'conv2d [2,9,9,3] 3x3x3x8', inputs: () => [values([2, 9, 9, 3], 6), values([3, 3, 3, 8], 7)], fn: (x, w) => r.conv2d(x, w, { padding: 'same' }) },
];

/**
 * Runs every case of the op table (and a few operands big enough for threads) on the backend in use:
 * float32 forward values, and gradients of sum(y * w) for a fixed w. The same code runs in Node and in
 * the browser, so the two can be compared.
 */
export function opResults(): OpResult[] {
  return [...opCases, ...threadedCases].map((c) => {
    try {
      const xs = c.inputs('float32');
      const y = c.fn(...xs);
      const forward = Array.from(y.values as ArrayLike<number>, Number);
      let grads: number[][] | null = null;
      if (c.gradcheck !== false && xs.length > 0) {
        const w = values(y.shape, 7);
        const [, gs] = r.valueAndGrad((...a: r.Tensor[]) => r.sum(r.mul(c.fn(...a), w)))(...xs);
        grads = gs.map((g) => Array.from(g.values as ArrayLike<number>, Number));
      }
      return { name: c.name, forward, grads };
    } catch (e) {
      return { name: c.name, forward: [], grads: null, error: (e as Error).message };
    }
  });
}
