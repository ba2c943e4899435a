import { Tensor, type Rng } from '@rectify/core';

/** Copies rows `indices[start..end)` of a tensor's first axis into a new tensor. */
export function takeRows(x: Tensor, indices: Int32Array | null, start: number, end: number): Tensor {
  const rowSize = x.size / x.shape[0];
  const n = end - start;
  if (!indices) return new Tensor(x.values.subarray(start * rowSize, end * rowSize), [n, ...x.shape.slice(1)]);
  const out = new (x.values.constructor as new (n: number) => typeof x.values)(n * rowSize);
  for (let i = 0; i < n; i++) {
    const from = indices[start + i] * rowSize;
    out.set(x.values.subarray(from, from + rowSize), i * rowSize);
  }
  return new Tensor(out, [n, ...x.shape.slice(1)]);
}

/** A Fisher-Yates permutation of 0..n-1 drawn from `rng`. */
export function permutation(n: number, rng: Rng): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}
