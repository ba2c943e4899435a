import type { Backend } from '../backend.js';
import { jsBackend } from '../js/index.js';
import * as conv from './conv.js';
import * as depthwise from './depthwise-conv.js';
import { wasmContext, wasmLoadError, type WasmContext } from './context.js';
import * as elementwise from './elementwise.js';
import { wasmLimits } from './limits.js';
import { wasmMatmul } from './matmul.js';
import { boundedRelu } from './bounded-relu.js';
import { scaleShift } from './scale-shift.js';
import { adamUpdate } from './adam.js';

/**
 * The WebAssembly SIMD backend: float32 kernels compiled from packages/core/assembly, large ones split
 * across worker threads over one shared memory. float64 and small operands run the JS reference
 * kernels, which are faster there than a copy into wasm memory; so do the layout kernels (slice,
 * concat, transpose, gather), which only move memory. Null where WebAssembly SIMD is unavailable,
 * or (in a browser, before `ready()`) not loaded yet.
 */
export function createWasmBackend(ctx: WasmContext | null = wasmContext()): Backend | null {
  if (!ctx) return null;
  return {
    ...jsBackend,
    name: 'wasm',
    unary: (op, x) => elementwise.unary(ctx, op, x),
    binary: (op, a, aShape, b, bShape, outShape) => elementwise.binary(ctx, op, a, aShape, b, bShape, outShape),
    boundedRelu: (x, cap) => boundedRelu(ctx, x, cap),
    scaleShift: (x, scale, shift, lo, hi) => scaleShift(ctx, x, scale, shift, lo, hi),
    reduce: (op, x, shape, axes) => elementwise.reduce(ctx, op, x, shape, axes),
    reluGradBias: (dy, y, channels) => elementwise.reluGradBias(ctx, dy, y, channels),
    softmax: (x, rows, cols, log) => elementwise.softmax(ctx, x, rows, cols, log),
    matmul: (a, b, info) => wasmMatmul(ctx, a, b, info),
    conv2d: (x, w, info) => conv.conv2d(ctx, x, w, info),
    conv2dAddRelu: (x, w, bias, info) => conv.conv2dAddRelu(ctx, x, w, bias, info),
    conv2dBackpropInput: (dy, w, info) => conv.conv2dBackpropInput(ctx, dy, w, info),
    conv2dBackpropFilter: (x, dy, info) => conv.conv2dBackpropFilter(ctx, x, dy, info),
    conv2dReluMaxPool: (x, w, bias, info, pool) => conv.conv2dReluMaxPool(ctx, x, w, bias, info, pool),
    conv2dReluMaxPoolBackprop: (x, w, dy, pooled, indices, info, withDx) => conv.conv2dReluMaxPoolBackprop(ctx, x, w, dy, pooled, indices, info, withDx),
    depthwiseConv2d: (x, w, info) => depthwise.depthwiseConv2d(ctx, x, w, info),
    depthwiseConv2dBackpropInput: (dy, w, info) => depthwise.depthwiseConv2dBackpropInput(ctx, dy, w, info),
    depthwiseConv2dBackpropFilter: (x, dy, info) => depthwise.depthwiseConv2dBackpropFilter(ctx, x, dy, info),
    maxPool: (x, info) => conv.maxPool(ctx, x, info),
    avgPool: (x, info) => conv.avgPool(ctx, x, info),
    avgPoolBackprop: (dy, info) => conv.avgPoolBackprop(ctx, dy, info),
    optimizerSlot: (size) => ctx.arena.resident(size) ?? new Float32Array(size),
    adamUpdate: (p, g, m, v, hyper) => adamUpdate(ctx, p, g, m, v, hyper),
    residentCopy: (x) => {
      if (!(x instanceof Float32Array) || x.length < wasmLimits.elements || ctx.arena.residentOffset(x) !== undefined) return null;
      const copy = ctx.arena.resident(x.length);
      copy?.set(x);
      return copy;
    },
  };
}

/** Threads the wasm kernels use (the calling thread included). */
export function setNumThreads(n: number): void {
  const ctx = wasmContext();
  if (!ctx) throw new Error(`setNumThreads: the wasm backend is not available here (${wasmLoadError}), so kernels run on one thread`);
  ctx.pool.resize(n);
}

/** Threads the wasm kernels use (1 when the wasm backend is unavailable). */
export function getNumThreads(): number {
  return wasmContext()?.pool.size ?? 1;
}
