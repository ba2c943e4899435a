import { allocate, dtypeOf, type DataArray } from '../../dtype.js';
import type { MatMulInfo } from '../backend.js';
import { transposeImpl } from './layout.js';

/** Batched GEMM in plain loops: the reference the faster backends are tested against. */
export function matmul(a: DataArray, b: DataArray, info: MatMulInfo): DataArray {
  const { m, n, k, transA, transB, aOffsets, bOffsets } = info;
  const batches = aOffsets.length;
  const out = allocate(dtypeOf(a), batches * m * n);
  for (let bi = 0; bi < batches; bi++) {
    let A = a.subarray(aOffsets[bi], aOffsets[bi] + m * k);
    // A transposed costs O(mk), small beside O(mnk), and makes every inner loop stride-1.
    if (transA) A = transposeImpl(A, [k, m], [1, 0]);
    const B = b.subarray(bOffsets[bi], bOffsets[bi] + k * n);
    const C = out.subarray(bi * m * n, (bi + 1) * m * n);
    if (transB) gemmNT(A, B, C, m, n, k);
    else gemmNN(A, B, C, m, n, k);
  }
  return out;
}

// Big dense products run the register-tiled kernel. Small or skinny ones (batch-1 inference, a 10-class
// output layer) and sparse ones (MNIST pixels, ReLU activations: the simple loop skips zeros of A) are faster
// in the simple loops, which also avoid packing.
function useTiled(A: DataArray, m: number, n: number, k: number): boolean {
  if (m < 16 || n < 32 || k < 32) return false;
  let zeros = 0;
  const step = Math.max(1, Math.floor(A.length / 4096)); // a sample is enough to tell dense from sparse
  let seen = 0;
  for (let i = 0; i < A.length; i += step, seen++) if (A[i] === 0) zeros++;
  return zeros < 0.25 * seen;
}

function gemmNN(A: DataArray, B: DataArray, C: DataArray, m: number, n: number, k: number): void {
  if (useTiled(A, m, n, k)) tiledNN(A, B, C, m, n, k);
  else simpleNN(A, B, C, m, n, k);
}

function gemmNT(A: DataArray, B: DataArray, C: DataArray, m: number, n: number, k: number): void {
  if (useTiled(A, m, n, k)) tiledNT(A, B, C, m, n, k);
  else simpleNT(A, B, C, m, n, k);
}

// C[m,n] = A[m,k] B[k,n], i-p-j order: streams rows of B, blocked over j so a C row stays in cache.
// A zero of A skips its row of B (ReLU activations are often half zeros), but only when that row is all
// finite: 0 * Inf and 0 * NaN are NaN, and the result must not depend on how sparse A is. Each row's
// finiteness is found once, the first time a zero meets it, so the check never costs more than it saves.
function simpleNN(A: DataArray, B: DataArray, C: DataArray, m: number, n: number, k: number): void {
  const JB = 256;
  const rowState = new Uint8Array(k); // 0 unknown, 1 all finite (skippable), 2 holds an infinity or NaN
  for (let j0 = 0; j0 < n; j0 += JB) {
    const j1 = Math.min(j0 + JB, n);
    for (let i = 0; i < m; i++) {
      const ci = i * n;
      const ai = i * k;
      for (let p = 0; p < k; p++) {
        const av = A[ai + p];
        if (av === 0) {
          let state = rowState[p];
          if (state === 0) state = rowState[p] = allFinite(B, p * n, p * n + n) ? 1 : 2;
          if (state === 1) continue;
        }
        const bp = p * n;
        for (let j = j0; j < j1; j++) C[ci + j] += av * B[bp + j];
      }
    }
  }
}

function allFinite(x: DataArray, from: number, to: number): boolean {
  // x - x is 0 for finite x and NaN for an infinity or NaN; one NaN poisons the sum
  let acc = 0;
  for (let i = from; i < to; i++) acc += x[i] - x[i];
  return acc === 0;
}

// C[m,n] = A[m,k] B[n,k]^T: dot products of rows, four accumulators for instruction-level parallelism.
function simpleNT(A: DataArray, B: DataArray, C: DataArray, m: number, n: number, k: number): void {
  for (let i = 0; i < m; i++) {
    const ai = i * k;
    for (let j = 0; j < n; j++) {
      const bj = j * k;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      let p = 0;
      for (; p + 3 < k; p += 4) {
        s0 += A[ai + p] * B[bj + p];
        s1 += A[ai + p + 1] * B[bj + p + 1];
        s2 += A[ai + p + 2] * B[bj + p + 2];
        s3 += A[ai + p + 3] * B[bj + p + 3];
      }
      for (; p < k; p++) s0 += A[ai + p] * B[bj + p];
      C[i * n + j] = s0 + s1 + s2 + s3;
    }
  }
}

// C[m,n] = A[m,k] B[k,n] with a 4x4 register tile: A is packed into 4-row panels (column-major inside a
// panel) so the inner loop does 16 multiply-adds per 8 loads, and columns are blocked so B's slice stays in cache.
function tiledNN(A: DataArray, B: DataArray, C: DataArray, m: number, n: number, k: number): void {
  const panels = Math.ceil(m / 4);
  const packed = allocate(dtypeOf(A), panels * 4 * k);
  for (let t = 0; t < panels; t++) {
    const base = t * 4 * k;
    for (let r = 0; r < 4; r++) {
      const i = t * 4 + r;
      if (i >= m) break;
      for (let p = 0; p < k; p++) packed[base + p * 4 + r] = A[i * k + p];
    }
  }
  const JB = 64;
  const n4 = n - (n % 4);
  for (let jb = 0; jb < n; jb += JB) {
    const jEnd = Math.min(jb + JB, n4);
    for (let t = 0; t < panels; t++) {
      const base = t * 4 * k;
      const i0 = t * 4;
      const rows = Math.min(4, m - i0);
      for (let j = jb; j < jEnd; j += 4) {
        let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        for (let p = 0, ap = base, bp = j; p < k; p++, ap += 4, bp += n) {
          const a0 = packed[ap], a1 = packed[ap + 1], a2 = packed[ap + 2], a3 = packed[ap + 3];
          const b0 = B[bp], b1 = B[bp + 1], b2 = B[bp + 2], b3 = B[bp + 3];
          c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
          c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
          c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
          c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
        }
        let c = i0 * n + j;
        C[c] = c00; C[c + 1] = c01; C[c + 2] = c02; C[c + 3] = c03;
        if (rows > 1) { c += n; C[c] = c10; C[c + 1] = c11; C[c + 2] = c12; C[c + 3] = c13; }
        if (rows > 2) { c += n; C[c] = c20; C[c + 1] = c21; C[c + 2] = c22; C[c + 3] = c23; }
        if (rows > 3) { c += n; C[c] = c30; C[c + 1] = c31; C[c + 2] = c32; C[c + 3] = c33; }
      }
    }
  }
  // the last n % 4 columns: plain dot products
  for (let j = n4; j < n; j++) {
    for (let i = 0; i < m; i++) {
      let sum = 0;
      for (let p = 0; p < k; p++) sum += A[i * k + p] * B[p * n + j];
      C[i * n + j] = sum;
    }
  }
}

// C[m,n] = A[m,k] B[n,k]^T: B is transposed once (O(nk), small beside O(mnk)) so the tiled kernel runs.
function tiledNT(A: DataArray, B: DataArray, C: DataArray, m: number, n: number, k: number): void {
  tiledNN(A, transposeImpl(B, [n, k], [1, 0]), C, m, n, k);
}
