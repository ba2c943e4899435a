import { describe, expect, it } from 'vitest';
import { matmul, tensor } from '../src/index.js';

function naive(a: number[], b: number[], m: number, k: number, n: number): number[] {
  const c = new Array<number>(m * n).fill(0);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) for (let p = 0; p < k; p++) c[i * n + j] += a[i * k + p] * b[p * n + j];
  return c;
}

describe('the tiled GEMM kernel', () => {
  // sizes around the 4x4 tile and the 64-column block, including remainders on every side
  const sizes = [[1, 1, 1], [3, 5, 2], [4, 4, 4], [5, 7, 9], [17, 3, 66], [33, 65, 70], [64, 128, 130]];
  for (const [m, k, n] of sizes) {
    it(`[${m},${k}] x [${k},${n}], plain and with transposed operands`, () => {
      const a = Array.from({ length: m * k }, (_, i) => Math.sin(i * 0.7));
      const b = Array.from({ length: k * n }, (_, i) => Math.cos(i * 0.3));
      const want = naive(a, b, m, k, n);
      const at = tensor(a, [m, k], { dtype: 'float64' });
      const bt = tensor(b, [k, n], { dtype: 'float64' });
      for (const got of [matmul(at, bt), matmul(at.transpose(), bt, true, false), matmul(at, bt.transpose(), false, true)]) {
        Array.from(got.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(want[i], 10));
      }
    });
  }
});
