import type { DataArray } from '../../dtype.js';
import { sizeOf, type Shape } from '../../shape.js';
import type { ReduceOp } from '../backend.js';
import { binaryWasmCodes, unaryWasmCodes, type BinaryOp, type UnaryOp } from '../elementwise-table.js';
import * as js from '../js/elementwise.js';
import { reduce as jsReduce } from '../js/reduce.js';
import { softmax as jsSoftmax } from '../js/softmax.js';
import type { WasmContext } from './context.js';
import { wasmLimits } from './limits.js';

// Op codes of the kernels in assembly/elementwise.ts (its switch is generated from the same table); ops
// missing here run the JS kernels.
const UNARY_CODES = unaryWasmCodes.codes;
const BINARY_CODES = binaryWasmCodes.codes;
const REDUCE_CODES: Record<ReduceOp, number> = { sum: 0, max: 1, min: 2 };

const inWasm = (x: DataArray): x is Float32Array => x instanceof Float32Array && x.length >= wasmLimits.elements;

export function unary(ctx: WasmContext, op: UnaryOp, x: DataArray): DataArray {
  const code = UNARY_CODES[op];
  if (code === undefined || !inWasm(x)) return js.unary(op, x);
  return ctx.arena.compute(x.length, () => {
    const out = ctx.arena.alloc(x.length * 4);
    ctx.exports.unary(code, ctx.arena.put(x), out, x.length);
    return out;
  });
}

export function binary(ctx: WasmContext, op: BinaryOp, a: DataArray, aShape: Shape, b: DataArray, bShape: Shape, outShape: Shape): DataArray {
  const code = BINARY_CODES[op];
  const n = sizeOf(outShape);
  // each operand must be the whole output or a block it repeats (a bias row, a scalar); else the JS kernel
  const aLen = js.trailingBlock(aShape, outShape);
  const bLen = js.trailingBlock(bShape, outShape);
  if (code === undefined || n < wasmLimits.elements || !(a instanceof Float32Array) || !(b instanceof Float32Array) || aLen <= 0 || bLen <= 0) {
    return js.binary(op, a, aShape, b, bShape, outShape);
  }
  return ctx.arena.compute(n, () => {
    const out = ctx.arena.alloc(n * 4);
    ctx.exports.binary(code, ctx.arena.put(a), aLen, ctx.arena.put(b), bLen, out, n);
    return out;
  });
}

export function reduce(ctx: WasmContext, op: ReduceOp, x: DataArray, shape: Shape, axes: readonly number[]): DataArray {
  const contiguous = axes.every((a, i) => i === 0 || a === axes[i - 1] + 1);
  if (!inWasm(x) || axes.length === 0 || !contiguous) return jsReduce(op, x, shape, axes);
  const outer = sizeOf(shape.slice(0, axes[0]));
  const red = sizeOf(shape.slice(axes[0], axes[axes.length - 1] + 1));
  const inner = sizeOf(shape.slice(axes[axes.length - 1] + 1));
  if (red === 0) return jsReduce(op, x, shape, axes); // its error (or empty sum) as the reference gives it
  return ctx.arena.compute(outer * inner, () => {
    const out = ctx.arena.alloc(outer * inner * 4);
    const sums = op === 'sum' ? ctx.arena.alloc(inner * 8) : 0; // float64 accumulators, for sums only
    ctx.exports.reduce(REDUCE_CODES[op], ctx.arena.put(x), outer, red, inner, out, sums);
    return out;
  });
}

export function softmax(ctx: WasmContext, x: DataArray, rows: number, cols: number, log: boolean): DataArray {
  if (!inWasm(x)) return jsSoftmax(x, rows, cols, log);
  return ctx.arena.compute(x.length, () => {
    const out = ctx.arena.alloc(x.length * 4);
    ctx.exports.softmax(ctx.arena.put(x), rows, cols, log ? 1 : 0, out);
    return out;
  });
}

/** relu(x + bias) in place on `n` floats at `ptr` in the arena (the epilogue of a product or convolution). */
export function addReluInPlace(ctx: WasmContext, ptr: number, n: number, bias: Float32Array): void {
  ctx.exports.binary(BINARY_CODES.addRelu!, ptr, n, ctx.arena.put(bias), bias.length, ptr, n);
}

export function reluGradBias(ctx: WasmContext, dy: DataArray, y: DataArray, channels: number): { dz: DataArray; dbias: DataArray } {
  if (!inWasm(dy) || !(y instanceof Float32Array) || y.length !== dy.length || channels === 0) return js.reluGradBias(dy, y, channels);
  const { arena } = ctx;
  const mark = arena.mark();
  try {
    const dz = arena.alloc(dy.length * 4);
    const dbias = arena.alloc(channels * 4);
    ctx.exports.reluGradBias(arena.put(dy), arena.put(y), dy.length / channels, channels, dz, dbias, arena.alloc(channels * 8));
    return { dz: arena.take(dz, dy.length), dbias: arena.take(dbias, channels) };
  } finally {
    arena.release(mark);
  }
}
