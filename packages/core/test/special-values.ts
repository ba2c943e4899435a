import { tensor, type Tensor } from '../src/index.js';

// Operands holding the values IEEE arithmetic must carry through every kernel: exact zeros (which
// sparse shortcuts like to skip), infinities of both signs and NaN, scattered among ordinary values.

/** Deterministic values in (-2, 2) with a fraction `zeros` of exact zeros and the given specials at fixed positions. */
export function specialMatrix(rows: number, cols: number, seed: number, zeros: number, specials: ReadonlyArray<[number, number]> = []): Tensor {
  const data = Array.from({ length: rows * cols }, (_, i) => {
    const u = Math.abs(Math.sin(12.9898 * i + 78.233 * seed)) % 1;
    return u < zeros ? 0 : 1.9 * Math.sin(0.77 * i + seed);
  });
  for (const [index, value] of specials) data[index % data.length] = value;
  return tensor(data, [rows, cols]);
}

/** C = A B in float64 with every product taken, as IEEE arithmetic defines it (0 * Inf = NaN). */
export function naiveMatmul(a: ArrayLike<number>, b: ArrayLike<number>, m: number, k: number, n: number): number[] {
  const c = new Array<number>(m * n).fill(0);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) for (let p = 0; p < k; p++) c[i * n + j] += a[i * k + p] * b[p * n + j];
  return c;
}

/** 'same'-padded, stride-1 NHWC convolution with every tap taken, zero padding included. */
export function naiveConvSame(x: ArrayLike<number>, w: ArrayLike<number>, h: number, wd: number, cin: number, kh: number, kw: number, cout: number): number[] {
  const out = new Array<number>(h * wd * cout).fill(0);
  const top = Math.floor((kh - 1) / 2);
  const left = Math.floor((kw - 1) / 2);
  for (let oy = 0; oy < h; oy++)
    for (let ox = 0; ox < wd; ox++)
      for (let co = 0; co < cout; co++) {
        let s = 0;
        for (let ky = 0; ky < kh; ky++)
          for (let kx = 0; kx < kw; kx++)
            for (let ci = 0; ci < cin; ci++) {
              const iy = oy + ky - top;
              const ix = ox + kx - left;
              const v = iy < 0 || iy >= h || ix < 0 || ix >= wd ? 0 : x[(iy * wd + ix) * cin + ci];
              s += v * w[((ky * kw + kx) * cin + ci) * cout + co];
            }
        out[(oy * wd + ox) * cout + co] = s;
      }
  return out;
}

/** NaN where the reference is NaN, the same infinity where it is infinite, else within a relative tolerance. */
export function sameIeee(got: ArrayLike<number>, want: ArrayLike<number>, tol = 1e-4): string | null {
  if (got.length !== want.length) return `length ${got.length} vs ${want.length}`;
  for (let i = 0; i < want.length; i++) {
    const g = got[i];
    const w = want[i];
    if (Number.isNaN(w) ? !Number.isNaN(g) : !Number.isFinite(w) ? g !== w : !(Math.abs(g - w) <= tol * Math.max(1, Math.abs(w)))) {
      return `element ${i}: got ${g}, want ${w}`;
    }
  }
  return null;
}
