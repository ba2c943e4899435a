import type { DataArray } from '../../dtype.js';
import type { Conv2DInfo } from '../backend.js';
import * as js from '../js/depthwise-conv.js';
import type { WasmContext } from './context.js';
import { putInfo } from './conv.js';
import { threadsFor, wasmLimits } from './limits.js';

// Depthwise convolution in one SIMD loop nest (assembly/depthwise.ts); its three modes share the geometry.

const FORWARD = 0, INPUT_GRADIENT = 1, FILTER_GRADIENT = 2;

const sizes = (c: Conv2DInfo) => ({
  input: c.batch * c.inHeight * c.inWidth * c.inChannels,
  output: c.batch * c.outHeight * c.outWidth * c.outChannels,
  filter: c.kernelHeight * c.kernelWidth * c.outChannels,
});

/** Float64 operands, and outputs too small to repay the copies, run the JS kernels. */
function small(c: Conv2DInfo, ...xs: DataArray[]): boolean {
  return xs.some((x) => !(x instanceof Float32Array)) || sizes(c).output < wasmLimits.elements;
}

function run(ctx: WasmContext, a: DataArray, b: DataArray, c: Conv2DInfo, mode: number, length: number): Float32Array {
  return ctx.arena.compute(length, () => {
    const out = ctx.arena.alloc(length * 4);
    ctx.exports.depthwiseConv2d(ctx.arena.put(a as Float32Array), ctx.arena.put(b as Float32Array), out, putInfo(ctx, c), mode);
    return out;
  });
}

export function depthwiseConv2d(ctx: WasmContext, x: DataArray, w: DataArray, c: Conv2DInfo): DataArray {
  if (small(c, x, w)) return js.depthwiseConv2d(x, w, c);
  const rows = c.batch * c.outHeight;
  const work = sizes(c).output * c.kernelHeight * c.kernelWidth;
  const threads = threadsFor(ctx.pool.size, rows, work, wasmLimits.threadWork);
  if (threads === 1) return run(ctx, x, w, c, FORWARD, sizes(c).output);
  // output rows write disjoint pixels: each thread takes a band of them
  const { arena } = ctx;
  return arena.compute(sizes(c).output, () => {
    const out = arena.alloc(sizes(c).output * 4);
    const [px, pw, info] = [arena.put(x as Float32Array), arena.put(w as Float32Array), putInfo(ctx, c)];
    const band = Math.ceil(rows / threads);
    const jobs = Array.from({ length: threads }, (_, t) => [px, pw, out, info, Math.min(rows, t * band), Math.min(rows, (t + 1) * band)]);
    ctx.pool.run('depthwiseForwardRows', jobs);
    return out;
  });
}

export function depthwiseConv2dBackpropInput(ctx: WasmContext, dy: DataArray, w: DataArray, c: Conv2DInfo): DataArray {
  return small(c, dy, w) ? js.depthwiseConv2dBackpropInput(dy, w, c) : run(ctx, dy, w, c, INPUT_GRADIENT, sizes(c).input);
}

export function depthwiseConv2dBackpropFilter(ctx: WasmContext, x: DataArray, dy: DataArray, c: Conv2DInfo): DataArray {
  return small(c, x, dy) ? js.depthwiseConv2dBackpropFilter(x, dy, c) : run(ctx, x, dy, c, FILTER_GRADIENT, sizes(c).filter);
}
