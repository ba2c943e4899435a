import type { DataArray } from '../../dtype.js';
import type { Conv2DInfo } from '../backend.js';
import * as js from '../js/conv.js';
import * as jsPool from '../js/pool.js';
import type { WasmContext } from './context.js';
import { wasmLimits } from './limits.js';
import { addReluInPlace } from './elementwise.js';
import { gemm, zeroFraction } from './matmul.js';

// Convolution as im2col + GEMM, both in wasm: the patch matrix never leaves wasm memory.

/** The geometry as the 15 int32s the kernels read, in Conv2DInfo's field order. */
export function putInfo(ctx: WasmContext, c: Conv2DInfo): number {
  const fields = [c.batch, c.inHeight, c.inWidth, c.inChannels, c.outHeight, c.outWidth, c.outChannels, c.kernelHeight, c.kernelWidth,
    c.strideHeight, c.strideWidth, c.dilationHeight, c.dilationWidth, c.padTop, c.padLeft];
  const ptr = ctx.arena.alloc(fields.length * 4);
  ctx.arena.viewInt32(ptr, fields.length).set(fields);
  return ptr;
}

const sizes = (c: Conv2DInfo) => ({
  rows: c.batch * c.outHeight * c.outWidth,
  patch: c.kernelHeight * c.kernelWidth * c.inChannels,
  input: c.batch * c.inHeight * c.inWidth * c.inChannels,
});

function small(c: Conv2DInfo, ...xs: DataArray[]): boolean {
  const { rows, patch } = sizes(c);
  return xs.some((x) => !(x instanceof Float32Array)) || rows * patch * c.outChannels < wasmLimits.matmulWork;
}

// A 1x1 window at stride 1 without padding sees one pixel per output: x is already its patch matrix.
const pointwise = (c: Conv2DInfo) => c.kernelHeight === 1 && c.kernelWidth === 1 && c.strideHeight === 1 && c.strideWidth === 1 && c.padTop === 0 && c.padLeft === 0;

// Bytes past its end that im2col may write into (kernel rows of up to four floats are copied as one vector).
const IM2COL_SLACK = 16;

/** The patch matrix im2col(x) [rows, patch], built in the arena; returns its offset. */
function patches(ctx: WasmContext, x: DataArray, c: Conv2DInfo): number {
  if (pointwise(c)) return ctx.arena.put(x as Float32Array);
  const { rows, patch } = sizes(c);
  const cols = ctx.arena.alloc(rows * patch * 4 + IM2COL_SLACK);
  const input = ctx.arena.put(x as Float32Array);
  // placed after x: im2col's vector copies read up to 12 bytes past x's end, which must be memory (this
  // block if x was copied in here, the arena if x is resident below it)
  const info = putInfo(ctx, c);
  ctx.exports.im2col(input, info, cols, 0);
  return cols;
}

export function conv2d(ctx: WasmContext, x: DataArray, w: DataArray, c: Conv2DInfo): DataArray {
  if (small(c, x, w)) return js.conv2d(x, w, c);
  const { rows, patch } = sizes(c);
  return ctx.arena.compute(rows * c.outChannels, () => {
    const out = ctx.arena.alloc(rows * c.outChannels * 4);
    gemm(ctx, patches(ctx, x, c), false, ctx.arena.put(w as Float32Array), false, out, rows, c.outChannels, patch, zeroFraction(x as Float32Array));
    return out;
  });
}

/** relu(conv2d(x, w) + bias), the bias and ReLU applied in wasm memory before the one copy out. */
export function conv2dAddRelu(ctx: WasmContext, x: DataArray, w: DataArray, bias: DataArray, c: Conv2DInfo): DataArray {
  if (small(c, x, w, bias)) return js.conv2dAddRelu(x, w, bias, c);
  return ctx.arena.compute(sizes(c).rows * c.outChannels, () => convAddRelu(ctx, x as Float32Array, w as Float32Array, bias as Float32Array, c));
}

// relu(conv2d(x, w) + bias) into the arena, the bias and ReLU applied where the GEMM wrote; returns its offset.
function convAddRelu(ctx: WasmContext, x: Float32Array, w: Float32Array, bias: Float32Array, c: Conv2DInfo): number {
  const out = convInArena(ctx, x, w, c);
  addReluInPlace(ctx, out, sizes(c).rows * c.outChannels, bias);
  return out;
}

// conv2d(x, w) into the arena; returns its offset.
function convInArena(ctx: WasmContext, x: Float32Array, w: Float32Array, c: Conv2DInfo): number {
  const { rows, patch } = sizes(c);
  const out = ctx.arena.alloc(rows * c.outChannels * 4);
  gemm(ctx, patches(ctx, x, c), false, ctx.arena.put(w), false, out, rows, c.outChannels, patch, zeroFraction(x));
  return out;
}

/** dx = col2im(dy W^T). */
export function conv2dBackpropInput(ctx: WasmContext, dy: DataArray, w: DataArray, c: Conv2DInfo): DataArray {
  if (small(c, dy, w)) return js.conv2dBackpropInput(dy, w, c);
  return ctx.arena.compute(sizes(c).input, () => inputGradient(ctx, ctx.arena.put(dy as Float32Array), w as Float32Array, c));
}

// col2im(dy W^T) for dy at `dy` in wasm memory; returns the offset of dx.
function inputGradient(ctx: WasmContext, dy: number, w: Float32Array, c: Conv2DInfo): number {
  const { rows, patch, input } = sizes(c);
  const { arena, exports: wasm } = ctx;
  const cols = arena.alloc(rows * patch * 4);
  gemm(ctx, dy, false, arena.put(w), true, cols, rows, patch, c.outChannels);
  if (pointwise(c)) return cols; // col2im of a 1x1 window is the identity
  const dx = arena.alloc(input * 4);
  wasm.im2col(dx, putInfo(ctx, c), cols, 1); // col2im, the adjoint
  return dx;
}

/** dW = im2col(x)^T dy. */
export function conv2dBackpropFilter(ctx: WasmContext, x: DataArray, dy: DataArray, c: Conv2DInfo): DataArray {
  if (small(c, x, dy)) return js.conv2dBackpropFilter(x, dy, c);
  return ctx.arena.compute(sizes(c).patch * c.outChannels, () => filterGradient(ctx, x as Float32Array, ctx.arena.put(dy as Float32Array), c));
}

// im2col(x)^T dy for dy at `dy` in wasm memory; returns the offset of dW.
function filterGradient(ctx: WasmContext, x: Float32Array, dy: number, c: Conv2DInfo): number {
  const { rows, patch } = sizes(c);
  const dw = ctx.arena.alloc(patch * c.outChannels * 4);
  gemm(ctx, patches(ctx, x, c), true, dy, false, dw, patch, c.outChannels, rows, zeroFraction(x));
  return dw;
}

/**
 * maxPool(relu(conv2d(x, w) + bias)): the convolution's output is pooled where it lies in wasm memory, the
 * bias and ReLU applied to each value as the pooling reads it (no pass of their own over the output).
 */
export function conv2dReluMaxPool(ctx: WasmContext, x: DataArray, w: DataArray, bias: DataArray, c: Conv2DInfo, pool: Conv2DInfo): { values: DataArray; indices: Int32Array } {
  if (small(c, x, w, bias)) return js.conv2dReluMaxPool(x, w, bias, c, pool);
  const mark = ctx.arena.mark();
  try {
    return maxPoolInArena(ctx, convInArena(ctx, x as Float32Array, w as Float32Array, c), pool, ctx.arena.put(bias as Float32Array));
  } finally {
    ctx.arena.release(mark);
  }
}

/**
 * The pooled gradient masked by the ReLU (reluGradBias's kernel, which sums the bias gradient on the way)
 * and scattered into the convolution's output, all in wasm memory, then dW (and dx) from it there.
 */
export function conv2dReluMaxPoolBackprop(ctx: WasmContext, x: DataArray, w: DataArray, dy: DataArray, pooled: DataArray, indices: Int32Array, c: Conv2DInfo, withDx: boolean): { dw: DataArray; dbias: DataArray; dx: DataArray | null } {
  if (small(c, x, w, dy, pooled) || dy.length !== pooled.length || dy.length !== indices.length) return js.conv2dReluMaxPoolBackprop(x, w, dy, pooled, indices, c, withDx);
  const { rows, patch, input } = sizes(c);
  const { arena } = ctx;
  const mark = arena.mark();
  try {
    const n = dy.length;
    const masked = arena.alloc(n * 4);
    const dbias = arena.alloc(c.outChannels * 4);
    ctx.exports.reluGradBias(arena.put(dy as Float32Array), arena.put(pooled as Float32Array), n / c.outChannels, c.outChannels, masked, dbias, arena.alloc(c.outChannels * 8));
    const dz = arena.alloc(rows * c.outChannels * 4);
    ctx.exports.scatterAdd(dz, rows * c.outChannels, masked, arena.putInt32(indices), n);
    const dw = arena.take(filterGradient(ctx, x as Float32Array, dz, c), patch * c.outChannels);
    return { dw, dbias: arena.take(dbias, c.outChannels), dx: withDx ? arena.take(inputGradient(ctx, dz, w as Float32Array, c), input) : null };
  } finally {
    arena.release(mark);
  }
}

const poolOutputs = (c: Conv2DInfo) => c.batch * c.outHeight * c.outWidth * c.inChannels;

/** The window maxima and their indices in one pass, both written by the kernel. */
export function maxPool(ctx: WasmContext, x: DataArray, c: Conv2DInfo): { values: DataArray; indices: Int32Array } {
  if (!(x instanceof Float32Array) || x.length < wasmLimits.elements) return jsPool.maxPool(x, c);
  const mark = ctx.arena.mark();
  try {
    return maxPoolInArena(ctx, ctx.arena.put(x), c);
  } finally {
    ctx.arena.release(mark);
  }
}

// The window maxima and their indices of the input at `x` in the arena (of relu(x + bias) with a bias at
// `bias`), copied out.
function maxPoolInArena(ctx: WasmContext, x: number, c: Conv2DInfo, bias = 0): { values: DataArray; indices: Int32Array } {
  const n = poolOutputs(c);
  const { arena } = ctx;
  const values = arena.alloc(n * 4);
  const indices = arena.alloc(n * 4);
  ctx.exports.maxPool2d(x, putInfo(ctx, c), values, indices, bias);
  return { values: arena.take(values, n), indices: new Int32Array(arena.take(indices, n).buffer) }; // the copy keeps the int32 bits
}

export function avgPool(ctx: WasmContext, x: DataArray, c: Conv2DInfo): DataArray {
  if (!(x instanceof Float32Array) || x.length < wasmLimits.elements) return jsPool.avgPool(x, c);
  return ctx.arena.compute(poolOutputs(c), () => {
    const out = ctx.arena.alloc(poolOutputs(c) * 4);
    ctx.exports.pool2d(ctx.arena.put(x), putInfo(ctx, c), out, 1);
    return out;
  });
}

export function avgPoolBackprop(ctx: WasmContext, dy: DataArray, c: Conv2DInfo): DataArray {
  const input = sizes(c).input;
  if (!(dy instanceof Float32Array) || input < wasmLimits.elements) return jsPool.avgPoolBackprop(dy, c);
  return ctx.arena.compute(input, () => {
    const dx = ctx.arena.alloc(input * 4);
    ctx.exports.pool2d(ctx.arena.put(dy), putInfo(ctx, c), dx, 2);
    return dx;
  });
}
