// The one list of elementwise kernels. The op-name types, the JS loops, the wasm op codes, the generated
// AssemblyScript switch (assembly/elementwise-dispatch.ts) and the simple chainable Tensor methods all come
// from here; the op functions with their gradients stay in ops/arithmetic.ts and ops/activations.ts.
// The wasm op codes follow the order of each table (the f32x4 ops first, then the scalar-only ones), so
// append a new op after the others of its kind to keep the existing codes.
import { erf } from './js/erf.js';

/** Where the wasm backend runs an op: four lanes at a time with a scalar tail, or a scalar loop only. */
export type WasmForm = 'f32x4' | 'f32';

/** One unary elementwise kernel. */
export interface UnaryKernel {
  /** The value at one element, in float64 (float32 results round when stored). */
  readonly js: (v: number) => number;
  /**
   * The wasm kernel's form, when it has one: then assembly/elementwise-ops.ts defines `<name>Scalar(v: f32): f32`
   * and, for 'f32x4', `<name>Vector(v: v128): v128`. Without it the op runs the JS kernel on every backend.
   */
  readonly wasm?: WasmForm;
  /** Whether Tensor has the chainable method `x.<name>()`, calling the op function of the same name. */
  readonly method?: boolean;
}

/** One binary elementwise kernel (operands broadcast NumPy-style above the kernel). */
export interface BinaryKernel {
  /** The value at one element from the operands' elements x and y, in float64. */
  readonly js: (x: number, y: number) => number;
  /** As {@link UnaryKernel.wasm}, with `<name>Scalar(x: f32, y: f32): f32` and `<name>Vector(a: v128, b: v128): v128`. */
  readonly wasm?: WasmForm;
  /** Whether Tensor has the chainable method `x.<name>(b)`, calling the op function of the same name. */
  readonly method?: boolean;
}

/** The unary elementwise kernels by op name. */
export const unaryKernels = {
  // (v + |v|) / 2 has no branch on the sign (random signs make `v > 0 ? v : 0` mispredict); the rare
  // -Infinity (where it would give NaN) takes a branch that is always predicted. NaN stays NaN.
  relu: { js: (v) => (v !== -Infinity ? (v + Math.abs(v)) * 0.5 : 0), wasm: 'f32x4', method: true },
  step: { js: (v) => (v > 0 ? 1 : 0), wasm: 'f32x4' },
  neg: { js: (v) => -v, wasm: 'f32x4', method: true },
  abs: { js: (v) => Math.abs(v), wasm: 'f32x4', method: true },
  square: { js: (v) => v * v, wasm: 'f32x4', method: true },
  sqrt: { js: (v) => Math.sqrt(v), wasm: 'f32x4', method: true },
  reciprocal: { js: (v) => 1 / v, wasm: 'f32x4' },
  exp: { js: (v) => Math.exp(v), wasm: 'f32', method: true },
  log: { js: (v) => Math.log(v), wasm: 'f32', method: true },
  // exp's argument stays <= 0, so neither branch overflows
  sigmoid: { js: (v) => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v))), wasm: 'f32', method: true },
  tanh: { js: (v) => Math.tanh(v), wasm: 'f32', method: true },
  sign: { js: (v) => (v > 0 ? 1 : v < 0 ? -1 : v === 0 ? 0 : NaN), method: true }, // sign(NaN) is NaN, as NumPy and TF
  softplus: { js: (v) => Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))), method: true },
  erf: { js: erf },
  expm1: { js: (v) => Math.expm1(v) },
  log1p: { js: (v) => Math.log1p(v) },
} as const satisfies Record<string, UnaryKernel>;

/** The binary elementwise kernels by op name. */
export const binaryKernels = {
  add: { js: (x, y) => x + y, wasm: 'f32x4', method: true },
  sub: { js: (x, y) => x - y, wasm: 'f32x4', method: true },
  mul: { js: (x, y) => x * y, wasm: 'f32x4', method: true },
  div: { js: (x, y) => x / y, wasm: 'f32x4', method: true },
  maximum: { js: (x, y) => (x !== x || y !== y ? NaN : x >= y ? x : y), wasm: 'f32x4', method: true },
  minimum: { js: (x, y) => (x !== x || y !== y ? NaN : x <= y ? x : y), wasm: 'f32x4', method: true },
  reluGrad: { js: (x, y) => (y > 0 ? x : 0), wasm: 'f32x4' },
  addRelu: { js: (x, y) => (x + y !== -Infinity ? (x + y + Math.abs(x + y)) * 0.5 : 0), wasm: 'f32x4' }, // relu(x + y), as relu
  pow: { js: (x, y) => Math.pow(x, y), method: true },
  equal: { js: (x, y) => (x === y ? 1 : 0), method: true },
  notEqual: { js: (x, y) => (x !== y ? 1 : 0) },
  greater: { js: (x, y) => (x > y ? 1 : 0), method: true },
  greaterEqual: { js: (x, y) => (x >= y ? 1 : 0), method: true },
  less: { js: (x, y) => (x < y ? 1 : 0), method: true },
  lessEqual: { js: (x, y) => (x <= y ? 1 : 0), method: true },
} as const satisfies Record<string, BinaryKernel>;

/** The name of a unary elementwise kernel. */
export type UnaryOp = keyof typeof unaryKernels;

/** The name of a binary elementwise kernel. */
export type BinaryOp = keyof typeof binaryKernels;

type WithMethod<T> = { [K in keyof T]: T[K] extends { readonly method: true } ? K : never }[keyof T];

/** The unary ops that are also chainable Tensor methods taking no argument. */
export type UnaryMethodOp = WithMethod<typeof unaryKernels>;

/** The binary ops that are also chainable Tensor methods taking the other operand. */
export type BinaryMethodOp = WithMethod<typeof binaryKernels>;

/** How the wasm kernels number a table's ops. */
export interface WasmCodes<Op extends string> {
  /** Each op's code; ops without one run the JS kernel. */
  readonly codes: Partial<Record<Op, number>>;
  /** The ops in code order. */
  readonly ops: readonly Op[];
  /** Codes below this have an f32x4 form (they come first, so one comparison tells the kernel). */
  readonly vectorOps: number;
}

function wasmCodes<Op extends string>(table: Record<Op, UnaryKernel | BinaryKernel>): WasmCodes<Op> {
  const names = Object.keys(table) as Op[];
  const vector = names.filter((op) => table[op].wasm === 'f32x4');
  const ops = [...vector, ...names.filter((op) => table[op].wasm === 'f32')];
  const codes: Partial<Record<Op, number>> = {};
  ops.forEach((op, code) => (codes[op] = code));
  return { codes, ops, vectorOps: vector.length };
}

/** The wasm op codes of the unary kernels: the f32x4 ones first, then the scalar-only ones, each in table order. */
export const unaryWasmCodes: WasmCodes<UnaryOp> = wasmCodes(unaryKernels);

/** The wasm op codes of the binary kernels, numbered as {@link unaryWasmCodes}. */
export const binaryWasmCodes: WasmCodes<BinaryOp> = wasmCodes(binaryKernels);

/** The unary ops with a chainable Tensor method, in table order. */
export const unaryMethodOps = (Object.keys(unaryKernels) as UnaryOp[]).filter((op) => (unaryKernels[op] as UnaryKernel).method) as UnaryMethodOp[];

/** The binary ops with a chainable Tensor method, in table order. */
export const binaryMethodOps = (Object.keys(binaryKernels) as BinaryOp[]).filter((op) => (binaryKernels[op] as BinaryKernel).method) as BinaryMethodOp[];
