// The elementwise kernel table against everything derived from it: the committed AssemblyScript switch, the
// compiled wasm kernels (every op with a wasm code, vector and scalar paths), the generated JS loops in each
// broadcast layout, and the chainable methods.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Tensor, kernels, setBackend, tensor, type DataArray } from '../src/index.js';
import * as ops from '../src/index.js';
import {
  binaryKernels, binaryMethodOps, binaryWasmCodes, unaryKernels, unaryMethodOps, unaryWasmCodes, type BinaryOp, type UnaryOp,
} from '../src/backend/elementwise-table.js';
import { broadcastIndex } from '../src/backend/js/elementwise.js';
import { wasmLimits } from '../src/backend/wasm/limits.js';
import { DISPATCH_PATH, renderElementwiseDispatch } from '../scripts/elementwise-dispatch.mjs';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));

// the edges each kernel must agree on: signed zeros, infinities, NaN, tiny and huge values; 17 of them, so a
// wasm kernel runs both its f32x4 loop and its scalar tail
const SPECIAL = [-Infinity, -100, -20, -3.5, -1, -0.25, -0, 0, 1e-30, 0.25, 1, 2, 3.5, 20, 100, Infinity, NaN];

const saved = { ...wasmLimits };
beforeAll(() => {
  wasmLimits.elements = 0; // every kernel in wasm, however small
});
afterAll(() => {
  Object.assign(wasmLimits, saved);
  setBackend('wasm');
});

function on<T>(backend: string, f: () => T): T {
  setBackend(backend);
  try {
    return f();
  } finally {
    setBackend('wasm');
  }
}

/** `got` equals `want` (NaN, the infinities and exact ops exactly), or within a float32 rounding of it. */
function expectAgree(what: string, got: DataArray, want: ArrayLike<number>): void {
  expect(got.length, what).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const ok = Object.is(got[i], want[i]) || got[i] === want[i] || Math.abs(got[i] - want[i]) <= 2e-6 * Math.abs(want[i]) + 1e-37;
    if (!ok) expect.fail(`${what}: element ${i} is ${got[i]}, expected ${want[i]}`);
  }
}

describe('the generated AssemblyScript switch', () => {
  it(`${DISPATCH_PATH} is what the table renders (rebuild to regenerate it)`, () => {
    const committed = readFileSync(`${packageRoot}/${DISPATCH_PATH}`, 'utf8');
    expect(committed).toBe(renderElementwiseDispatch(unaryWasmCodes, binaryWasmCodes));
  });

  it('numbers every wasm op once, the f32x4 ones first, and no JS-only op', () => {
    for (const [table, codes] of [[unaryKernels, unaryWasmCodes], [binaryKernels, binaryWasmCodes]] as const) {
      const withWasm = Object.entries(table).filter(([, k]) => 'wasm' in k).map(([name]) => name);
      expect([...codes.ops].sort()).toEqual(withWasm.sort());
      codes.ops.forEach((op, code) => {
        expect((codes.codes as Record<string, number>)[op]).toBe(code);
        expect((table as Record<string, { wasm?: string }>)[op].wasm).toBe(code < codes.vectorOps ? 'f32x4' : 'f32');
      });
    }
  });
});

describe('wasm kernels compute the table\'s scalar functions', () => {
  for (const op of unaryWasmCodes.ops) {
    it(`unary ${op}`, () => {
      const x = Float32Array.from(SPECIAL);
      const got = on('wasm', () => kernels().unary(op, x));
      expectAgree(op, got, Float32Array.from(x, (v) => unaryKernels[op].js(v)));
    });
  }

  // every pair of special values, then each operand a broadcast scalar, then a repeated row of 16 (vector
  // path) and of 17 (scalar path)
  const n = SPECIAL.length;
  const left = Float32Array.from({ length: n * n }, (_, i) => SPECIAL[Math.floor(i / n)]);
  const right = Float32Array.from({ length: n * n }, (_, i) => SPECIAL[i % n]);
  const layouts: [string, Float32Array, number[], Float32Array, number[]][] = [
    ['same shape', left, [n, n], right, [n, n]],
    ['scalar right', left, [n, n], Float32Array.of(2.5), []],
    ['scalar left', Float32Array.of(-0.5), [], right, [n, n]],
    ['row of 17', left, [n, n], right.subarray(0, n), [n]],
    ['row of 16', left.subarray(0, 64), [4, 16], right.subarray(0, 16), [16]],
  ];
  for (const op of binaryWasmCodes.ops) {
    it(`binary ${op}`, () => {
      for (const [layout, a, aShape, b, bShape] of layouts) {
        const outShape = aShape.length ? aShape : bShape;
        const got = on('wasm', () => kernels().binary(op, a, aShape, b, bShape, outShape));
        expectAgree(`${op}, ${layout}`, got, reference(op, a, aShape, b, bShape, outShape));
      }
    });
  }
});

/** The table's function applied element by element after broadcasting, rounded to float32. */
function reference(op: BinaryOp, a: DataArray, aShape: number[], b: DataArray, bShape: number[], outShape: number[]): Float32Array {
  const ai = broadcastIndex(aShape, outShape);
  const bi = broadcastIndex(bShape, outShape);
  return Float32Array.from(ai, (_, i) => binaryKernels[op].js(a[ai[i]], b[bi[i]]));
}

describe('the JS kernels apply the table\'s scalar functions in every layout (float64)', () => {
  const x = Float64Array.from(SPECIAL);
  for (const op of Object.keys(unaryKernels) as UnaryOp[]) {
    it(`unary ${op}`, () => {
      expectAgree(op, on('js', () => kernels().unary(op, x)), Array.from(x, (v) => unaryKernels[op].js(v)));
    });
  }
  const a = Float64Array.from({ length: 24 }, (_, i) => SPECIAL[i % SPECIAL.length]);
  const b = Float64Array.from({ length: 24 }, (_, i) => SPECIAL[(5 * i + 3) % SPECIAL.length]);
  const layouts: [string, DataArray, number[], DataArray, number[], number[]][] = [
    ['same shape', a, [4, 6], b, [4, 6], [4, 6]],
    ['scalar right', a, [4, 6], b.subarray(0, 1), [], [4, 6]],
    ['scalar left', a.subarray(2, 3), [1], b, [4, 6], [4, 6]],
    ['row right', a, [4, 6], b.subarray(0, 6), [6], [4, 6]],
    ['row left', a.subarray(0, 6), [1, 6], b, [4, 6], [4, 6]],
    ['column against row', a.subarray(0, 4), [4, 1], b.subarray(0, 6), [6], [4, 6]],
  ];
  for (const op of Object.keys(binaryKernels) as BinaryOp[]) {
    it(`binary ${op}`, () => {
      for (const [layout, x1, s1, x2, s2, out] of layouts) {
        const i1 = broadcastIndex(s1, out);
        const i2 = broadcastIndex(s2, out);
        const want = Array.from(i1, (_, i) => binaryKernels[op].js(x1[i1[i]], x2[i2[i]]));
        expectAgree(`${op}, ${layout}`, on('js', () => kernels().binary(op, x1, s1, x2, s2, out)), want);
      }
    });
  }
});

describe('chainable methods of the table\'s ops', () => {
  const x = tensor([-2, -0.5, 0, 0.5, 3]);
  const y = tensor([1, -0.5, 2, 0.25, 3]);
  const functions = ops as unknown as Record<string, (...args: unknown[]) => Tensor>;
  for (const op of unaryMethodOps) {
    it(`x.${op}() is ${op}(x)`, () => {
      const method = (Tensor.prototype as unknown as Record<string, (this: Tensor) => Tensor>)[op];
      expect(Array.from(method.call(x).dataSync())).toEqual(Array.from(functions[op](x).dataSync()));
    });
  }
  for (const op of binaryMethodOps) {
    it(`x.${op}(y) is ${op}(x, y)`, () => {
      const method = (Tensor.prototype as unknown as Record<string, (this: Tensor, b: unknown) => Tensor>)[op];
      expect(Array.from(method.call(x, y).dataSync())).toEqual(Array.from(functions[op](x, y).dataSync()));
      expect(Array.from(method.call(x, 2).dataSync())).toEqual(Array.from(functions[op](x, 2).dataSync()));
    });
  }
});
