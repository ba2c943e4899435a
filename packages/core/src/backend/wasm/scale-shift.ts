import type { DataArray } from '../../dtype.js';
import { scaleShift as jsScaleShift } from '../js/scale-shift.js';
import type { WasmContext } from './context.js';
import { wasmLimits } from './limits.js';

export function scaleShift(ctx: WasmContext, x: DataArray, scale: DataArray, shift: DataArray, lo = -Infinity, hi = Infinity): DataArray {
  const f32 = x instanceof Float32Array && scale instanceof Float32Array && shift instanceof Float32Array;
  if (!f32 || x.length < wasmLimits.elements) return jsScaleShift(x, scale, shift, lo, hi);
  const { arena } = ctx;
  return arena.compute(x.length, () => {
    const out = arena.alloc(x.length * 4);
    ctx.exports.scaleShift(arena.put(x), x.length, arena.put(scale), arena.put(shift), scale.length, lo, hi, out);
    return out;
  });
}
