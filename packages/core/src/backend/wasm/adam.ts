import type { AdamHyper } from '../backend.js';
import type { DataArray } from '../../dtype.js';
import type { WasmContext } from './context.js';
import { threadsFor, wasmLimits } from './limits.js';

/**
 * The fused Adam step in place, split across threads for large parameters. Resident arrays (parameters
 * moved by makeResident, moments from optimizerSlot) are updated where they live; any other array is
 * copied in and its new values copied back. False (nothing done) for float64, small or mismatched arrays.
 */
export function adamUpdate(ctx: WasmContext, p: DataArray, g: DataArray, m: DataArray, v: DataArray, h: AdamHyper): boolean {
  const arrays = [p, g, m, v];
  if (!arrays.every((x) => x instanceof Float32Array && x.length === p.length) || p.length < wasmLimits.elements) return false;
  const { arena, exports, pool } = ctx;
  const n = p.length;
  const mark = arena.mark();
  try {
    const [pp, pg, pm, pv] = arrays.map((x) => arena.put(x as Float32Array));
    const alpha = (h.lr * Math.sqrt(h.biasCorrection2)) / h.biasCorrection1;
    const threads = threadsFor(pool.size, n, n, wasmLimits.adamPerThread);
    if (threads === 1) exports.adam(pp, pg, pm, pv, n, alpha, h.beta1, h.beta2, h.epsilon);
    else {
      // whole cache lines per thread; each element's update is independent, so results do not depend on the split
      const chunk = Math.ceil(n / threads / 16) * 16;
      const jobs: number[][] = [];
      for (let start = 0; start < n; start += chunk) {
        const at = start * 4;
        jobs.push([pp + at, pg + at, pm + at, pv + at, Math.min(chunk, n - start), alpha, h.beta1, h.beta2, h.epsilon]);
      }
      pool.run('adam', jobs);
    }
    for (const [x, ptr] of [[p, pp], [m, pm], [v, pv]] as const) {
      if (arena.residentOffset(x) === undefined) (x as Float32Array).set(arena.view(ptr, n));
    }
  } finally {
    arena.release(mark);
  }
  return true;
}
