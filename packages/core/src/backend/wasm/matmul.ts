import type { DataArray } from '../../dtype.js';
import type { MatMulInfo } from '../backend.js';
import { matmul as jsMatmul } from '../js/matmul.js';
import type { WasmContext } from './context.js';
import { wasmLimits } from './limits.js';

// Shares smaller than this (rows, multiply-adds) take less time than handing them to a worker:
// measured on two cores, two threads pay reliably from about 512^3 (below it, waking and waiting on the
// worker, which shares the cores with the garbage collector, eats the gain).
const MIN_ROWS_PER_THREAD = 16;
const MIN_WORK_PER_THREAD = 32 * 1024 * 1024;

/**
 * C[m, n] = op(A) op(B) on operands already in wasm memory (byte offsets): B packed once, the rows of C
 * split across threads in multiples of the 4-row tile so no two threads share a tile.
 */
export function gemm(ctx: WasmContext, a: number, transA: boolean, b: number, transB: boolean, c: number, m: number, n: number, k: number): void {
  const { exports: wasm, arena, pool } = ctx;
  const mark = arena.mark();
  const packed = arena.alloc(k * Math.ceil(n / 8) * 8 * 4);
  wasm.gemmPackB(b, transB ? 1 : 0, k, n, packed);
  const threads = Math.max(1, Math.min(pool.size, Math.floor(m / MIN_ROWS_PER_THREAD), Math.floor((m * n * k) / MIN_WORK_PER_THREAD)));
  const share = Math.ceil(m / threads / 4) * 4;
  const jobs: number[][] = [];
  for (let i0 = 0; i0 < m; i0 += share) {
    jobs.push([a, transA ? 1 : 0, packed, c, m, n, k, i0, Math.min(m, i0 + share), arena.alloc(wasm.gemmScratchBytes())]);
  }
  pool.run('gemmRows', jobs);
  arena.release(mark);
}

/** Batched GEMM: operands copied in once, then one gemm per batch. */
export function wasmMatmul(ctx: WasmContext, a: DataArray, b: DataArray, info: MatMulInfo): DataArray {
  const { m, n, k, transA, transB, aOffsets, bOffsets } = info;
  if (!(a instanceof Float32Array) || !(b instanceof Float32Array) || m * n * k < wasmLimits.matmulWork || m < wasmLimits.matmulRows) return jsMatmul(a, b, info);
  const { arena } = ctx;
  return arena.compute(aOffsets.length * m * n, () => {
    const pa = arena.put(a);
    const pb = arena.put(b);
    const pc = arena.alloc(aOffsets.length * m * n * 4);
    for (let bi = 0; bi < aOffsets.length; bi++) {
      gemm(ctx, pa + aOffsets[bi] * 4, transA, pb + bOffsets[bi] * 4, transB, pc + bi * m * n * 4, m, n, k);
    }
    return pc;
  });
}
