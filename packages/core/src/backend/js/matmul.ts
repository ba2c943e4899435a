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

// C[m,n] = A[m,k] B[k,n], i-p-j order: streams rows of B, blocked over j so a C row stays in cache.
function gemmNN(A: DataArray, B: DataArray, C: DataArray, m: number, n: number, k: number): void {
  const JB = 256;
  for (let j0 = 0; j0 < n; j0 += JB) {
    const j1 = Math.min(j0 + JB, n);
    for (let i = 0; i < m; i++) {
      const ci = i * n;
      const ai = i * k;
      for (let p = 0; p < k; p++) {
        const av = A[ai + p];
        if (av === 0) continue; // ReLU activations are often half zeros
        const bp = p * n;
        for (let j = j0; j < j1; j++) C[ci + j] += av * B[bp + j];
      }
    }
  }
}

// C[m,n] = A[m,k] B[n,k]^T: dot products of rows, four accumulators for instruction-level parallelism.
function gemmNT(A: DataArray, B: DataArray, C: DataArray, m: number, n: number, k: number): void {
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
