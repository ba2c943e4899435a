import type { DataArray } from '../../dtype.js';
import type { MatMulInfo } from '../backend.js';
import { matmul as jsMatmul } from '../js/matmul.js';
import type { WasmContext } from './context.js';
import { wasmLimits } from './limits.js';


/**
 * C[m, n] = op(A) op(B) on operands already in wasm memory (byte offsets): B packed once, the rows of C
 * split across threads in multiples of the 4-row tile so no two threads share a tile.
 */
export function gemm(ctx: WasmContext, a: number, transA: boolean, b: number, transB: boolean, c: number, m: number, n: number, k: number): void {
  const { exports: wasm, arena, pool } = ctx;
  if (m === 0 || n === 0) return;
  const mark = arena.mark();
  const packed = arena.alloc(k * Math.ceil(n / 8) * 8 * 4);
  wasm.gemmPackB(b, transB ? 1 : 0, k, n, packed);
  // whole 4-row tiles per thread, and enough work for each to be worth handing over
  const threads = Math.max(1, Math.min(pool.size, Math.floor(m / 4), Math.floor((m * n * k) / Math.max(1, wasmLimits.threadWork))));
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
