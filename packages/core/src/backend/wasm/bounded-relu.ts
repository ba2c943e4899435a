import type { DataArray } from '../../dtype.js';
import { boundedRelu as jsBoundedRelu } from '../js/bounded-relu.js';
import type { WasmContext } from './context.js';
import { wasmLimits } from './limits.js';

export function boundedRelu(ctx: WasmContext, x: DataArray, cap: number): DataArray {
  if (!(x instanceof Float32Array) || x.length < wasmLimits.elements) return jsBoundedRelu(x, cap);
  const { arena } = ctx;
  return arena.compute(x.length, () => {
    const out = arena.alloc(x.length * 4);
    ctx.exports.boundedRelu(arena.put(x), x.length, cap, out);
    return out;
  });
}
