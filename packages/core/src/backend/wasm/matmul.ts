import type { DataArray } from '../../dtype.js';
import type { MatMulInfo } from '../backend.js';
import { matmul as jsMatmul } from '../js/matmul.js';
import type { WasmContext } from './context.js';
import { threadsFor, wasmLimits } from './limits.js';


/**
 * C[m, n] = op(A) op(B) on operands already in wasm memory (byte offsets). `zeros` is the fraction of A
 * that is zero (zeroFraction): a very sparse A with a plain, all-finite B runs the sparse kernel; otherwise
 * B is packed once, then the rows of C are computed by one thread, or by several claiming chunks of whole
 * 4-row tiles from a shared counter (so no two threads share a tile, and a late or descheduled thread
 * leaves its rows to the others). A mostly-zero A skips depth steps where a tile's A values are all zero,
 * when B holds no infinity or NaN (0 * Inf must stay NaN).
 */
export function gemm(ctx: WasmContext, a: number, transA: boolean, b: number, transB: boolean, c: number, m: number, n: number, k: number, zeros = 0): void {
  const { exports: wasm, arena, pool } = ctx;
  if (m === 0 || n === 0) return;
  if (zeros >= wasmLimits.sparseRows && !transB && sparseGemm(ctx, a, transA, b, c, m, n, k)) return;
  const mark = arena.mark();
  const packedLength = k * Math.ceil(n / 8) * 8;
  const packed = arena.alloc(packedLength * 4);
  wasm.gemmPackB(b, transB ? 1 : 0, k, n, packed);
  const skipZeros = zeros >= wasmLimits.skipZeros && wasm.allFinite(packed, packedLength) ? 1 : 0;
  const threads = threadsFor(pool.size, Math.floor(m / 4), m * n * k, wasmLimits.threadWork);
  if (threads === 1) {
    wasm.gemmRows(a, transA ? 1 : 0, packed, c, m, n, k, 0, m, arena.alloc(wasm.gemmScratchBytes()), skipZeros);
  } else {
    const next = arena.alloc(4);
    arena.viewInt32(next, 1)[0] = 0;
    const chunk = chunkRows(m, threads);
    const jobs: number[][] = [];
    for (let t = 0; t < threads; t++) jobs.push([next, chunk, a, transA ? 1 : 0, packed, c, m, n, k, arena.alloc(wasm.gemmScratchBytes()), skipZeros]);
    pool.run('gemmRowsShared', jobs);
  }
  arena.release(mark);
}

/**
 * C = op(A) B by the sparse kernel: op(A)'s nonzeros gathered row by row, then each row of C summed from
 * the rows of B they pick, split across threads by rows when the multiply-adds left pay for it. False
 * (nothing done) when B holds an infinity or NaN, whose products with A's zeros must stay NaN.
 */
function sparseGemm(ctx: WasmContext, a: number, transA: boolean, b: number, c: number, m: number, n: number, k: number): boolean {
  const { exports: wasm, arena, pool } = ctx;
  if (!wasm.allFinite(b, k * n)) return false;
  const mark = arena.mark();
  // four spare slots: the compressing loop stores four values at a time and keeps only the nonzeros
  const starts = arena.alloc((m + 1) * 4);
  const offsets = arena.alloc((m * k + 4) * 4);
  const vals = arena.alloc((m * k + 4) * 4);
  const scratch = transA ? arena.alloc(wasm.sparseScratchBytes(m, k)) : 0;
  const nonzeros = wasm.sparseRows(a, transA ? 1 : 0, m, k, n * 4, starts, offsets, vals, scratch);
  const threads = threadsFor(pool.size, Math.floor(m / 4), nonzeros * n, wasmLimits.sparseThreadWork);
  // columns of B per pass over the rows: a k x panel slice of 256 KiB stays in L2 while every row reads it
  const panel = k * n <= 65536 ? n : Math.max(16, Math.floor(65536 / k / 16) * 16);
  if (threads === 1) {
    wasm.spmmRows(starts, offsets, vals, b, c, n, 0, m, panel);
  } else {
    const next = arena.alloc(4);
    arena.viewInt32(next, 1)[0] = 0;
    const chunk = chunkRows(m, threads);
    pool.run('spmmRowsShared', Array.from({ length: threads }, () => [next, chunk, m, starts, offsets, vals, b, c, n, panel]));
  }
  arena.release(mark);
  return true;
}

/**
 * Rows per claimed chunk: about four chunks per thread, so the shares even out when one thread runs
 * slower, in whole 4-row tiles, and at most the kernel's 64-row block, which keeps B's traffic as on one thread.
 */
export function chunkRows(m: number, threads: number): number {
  return Math.min(64, Math.max(4, Math.ceil(m / (threads * 4) / 4) * 4));
}

/**
 * Batched GEMM: operands copied in once, then one gemm per batch; products with fewer rows than a
 * register tile (batch-1 inference) run the unpacked vector-matrix kernel instead.
 */
export function wasmMatmul(ctx: WasmContext, a: DataArray, b: DataArray, info: MatMulInfo): DataArray {
  const { m, n, k, transA, transB, aOffsets, bOffsets } = info;
  if (!(a instanceof Float32Array) || !(b instanceof Float32Array) || m * n * k < wasmLimits.matmulWork) return jsMatmul(a, b, info);
  const { arena } = ctx;
  const zeros = m < wasmLimits.matmulRows ? 0 : zeroFraction(a); // the vector-matrix kernel skips nothing
  return arena.compute(aOffsets.length * m * n, () => {
    const pa = arena.put(a);
    const pb = arena.put(b);
    const pc = arena.alloc(aOffsets.length * m * n * 4);
    for (let bi = 0; bi < aOffsets.length; bi++) {
      const ai = pa + aOffsets[bi] * 4, bj = pb + bOffsets[bi] * 4, ci = pc + bi * m * n * 4;
      if (m < wasmLimits.matmulRows) ctx.exports.gemv(ai, transA ? 1 : 0, bj, transB ? 1 : 0, ci, m, n, k);
      else gemm(ctx, ai, transA, bj, transB, ci, m, n, k, zeros);
    }
    return pc;
  });
}

/**
 * The fraction of a sample of `x` that is zero: MNIST's pixels are ~80% zeros, a live ReLU layer's
 * outputs ~50%. Sampled, so the check costs next to nothing beside a product.
 */
export function zeroFraction(x: Float32Array): number {
  const step = Math.max(1, Math.floor(x.length / 1024));
  let zeros = 0;
  let seen = 0;
  for (let i = 0; i < x.length; i += step, seen++) if (x[i] === 0) zeros++;
  return seen === 0 ? 0 : zeros / seen;
}
