import type { DataArray } from '../../dtype.js';
import type { MatMulInfo } from '../backend.js';
import { matmul as jsMatmul } from '../js/matmul.js';
import type { WasmContext } from './context.js';
import { wasmLimits } from './limits.js';

// Rows per thread below which splitting the rows is not worth waking a worker.
const MIN_ROWS_PER_THREAD = 16;
const MIN_WORK_PER_THREAD = 24 * 24 * 24;

/** Batched GEMM: operands copied in once, B packed once per batch, rows of C split across threads. */
export function wasmMatmul(ctx: WasmContext, a: DataArray, b: DataArray, info: MatMulInfo): DataArray {
  const { m, n, k, transA, transB, aOffsets, bOffsets } = info;
  if (!(a instanceof Float32Array) || !(b instanceof Float32Array) || m * n * k < wasmLimits.matmulWork || m < wasmLimits.matmulRows) return jsMatmul(a, b, info);
  const { exports: wasm, arena, pool } = ctx;
  const batches = aOffsets.length;
  const mark = arena.mark();
  try {
    const pa = arena.put(a);
    const pb = arena.put(b);
    const pc = arena.alloc(batches * m * n * 4);
    const packed = arena.alloc(k * (n + 7 - ((n + 7) % 8)) * 4);
    const threads = Math.max(1, Math.min(pool.size, Math.floor(m / MIN_ROWS_PER_THREAD), Math.floor((m * n * k) / MIN_WORK_PER_THREAD)));
    const scratchBytes = wasm.gemmScratchBytes();
    const scratch = Array.from({ length: threads }, () => arena.alloc(scratchBytes));
    // rows split in multiples of 4 (the tile height) so no two threads share a tile
    const share = Math.ceil(m / threads / 4) * 4;
    for (let bi = 0; bi < batches; bi++) {
      wasm.gemmPackB(pb + bOffsets[bi] * 4, transB ? 1 : 0, k, n, packed);
      const jobs: number[][] = [];
      for (let t = 0, i0 = 0; t < threads && i0 < m; t++, i0 += share) {
        jobs.push([pa + aOffsets[bi] * 4, transA ? 1 : 0, packed, pc + bi * m * n * 4, m, n, k, i0, Math.min(m, i0 + share), scratch[t]]);
      }
      pool.run('gemmRows', jobs);
    }
    return arena.take(pc, batches * m * n);
  } finally {
    arena.release(mark);
  }
}
