import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as r from '../src/index.js';
import { getBackendName, getNumThreads, listBackends, matmul, setBackend, setNumThreads, tensor, type Tensor } from '../src/index.js';
import { wasmContext } from '../src/backend/wasm/context.js';
import { wasmLimits } from '../src/backend/wasm/limits.js';
import { Arena } from '../src/backend/wasm/arena.js';
import { loadWasmModule } from '../src/backend/wasm/module.js';
import { ThreadPool } from '../src/backend/wasm/threads.js';
import { chunkRows } from '../src/backend/wasm/matmul.js';
import { opCases } from './op-table.js';
import { specialMatrix } from './special-values.js';

// The wasm backend against the JS reference over the whole op table, with the size limits at 0 so every
// kernel runs in wasm however small its operands.
const saved = { ...wasmLimits };
beforeAll(() => {
  wasmLimits.matmulWork = 0;
  wasmLimits.matmulRows = 0;
  wasmLimits.elements = 0;
  wasmLimits.threadWork = 0; // products of 8 rows or more split across threads
  wasmLimits.sparseThreadWork = 0;
});
afterAll(() => {
  Object.assign(wasmLimits, saved);
  setBackend('wasm');
});

function run(backend: string, f: () => Tensor): Float32Array {
  setBackend(backend);
  try {
    return Float32Array.from(f().dataSync());
  } finally {
    setBackend('wasm');
  }
}

function expectClose(got: Float32Array, want: Float32Array, tol = 1e-5): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    if (!Number.isFinite(want[i])) expect(got[i]).toBe(want[i]); // NaN and the infinities exactly
    else expect(Math.abs(got[i] - want[i])).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(want[i])));
  }
}

it('wasm is registered and is the default backend', () => {
  expect(listBackends()).toContain('wasm');
  expect(getBackendName()).toBe('wasm');
});

describe('op table: wasm agrees with js (float32)', () => {
  for (const c of opCases) {
    it(c.name, () => {
      const inputs = c.inputs('float32');
      expectClose(run('wasm', () => c.fn(...inputs)), run('js', () => c.fn(...inputs)));
    });
  }
});

/** Counts the calling thread's calls of one wasm export until restored (to check which kernel a product took). */
function countCalls(name: string): { count: number; restore(): void } {
  const ctx = wasmContext()!;
  const original = ctx.exports;
  const counter = { count: 0, restore: () => void (ctx.exports = original) };
  const f = original[name] as (...args: number[]) => unknown;
  ctx.exports = { ...original, [name]: (...args: number[]) => (counter.count++, f(...args)) };
  return counter;
}

function matrix(rows: number, cols: number, seed: number): Tensor {
  return tensor(Float32Array.from({ length: rows * cols }, (_, i) => Math.sin(0.37 * i + seed)), [rows, cols]);
}

describe('wasm GEMM against js: tile edges, k slices, transposes, batches', () => {
  // around the 4x8 tile, the 64-row block and the 256-deep slice, with remainders on every side
  const sizes = [[1, 1, 1], [3, 5, 7], [4, 8, 8], [5, 9, 17], [67, 300, 33], [130, 257, 70], [64, 513, 9]];
  for (const [m, k, n] of sizes) {
    it(`[${m},${k}] x [${k},${n}] in all four transpose variants`, () => {
      const a = matrix(m, k, 1);
      const b = matrix(k, n, 2);
      const at = a.transpose();
      const bt = b.transpose();
      const want = run('js', () => matmul(a, b));
      const tol = 1e-5 * Math.sqrt(k);
      expectClose(run('wasm', () => matmul(a, b)), want, tol);
      expectClose(run('wasm', () => matmul(at, b, true, false)), want, tol);
      expectClose(run('wasm', () => matmul(a, bt, false, true)), want, tol);
      expectClose(run('wasm', () => matmul(at, bt, true, true)), want, tol);
    });
  }

  // fewer rows than a register tile: the vector-matrix kernel, with column and depth remainders
  for (const [m, k, n] of [[1, 784, 128], [1, 7, 5], [2, 33, 17], [3, 130, 70], [1, 1, 1]]) {
    it(`[${m},${k}] x [${k},${n}] in the vector-matrix kernel, all four transpose variants`, () => {
      wasmLimits.matmulRows = saved.matmulRows;
      try {
        const a = matrix(m, k, 4);
        const b = matrix(k, n, 5);
        const want = run('js', () => matmul(a, b));
        const tol = 1e-5 * Math.sqrt(k);
        expectClose(run('wasm', () => matmul(a, b)), want, tol);
        expectClose(run('wasm', () => matmul(a.transpose(), b, true, false)), want, tol);
        expectClose(run('wasm', () => matmul(a, b.transpose(), false, true)), want, tol);
        expectClose(run('wasm', () => matmul(a.transpose(), b.transpose(), true, true)), want, tol);
      } finally {
        wasmLimits.matmulRows = 0;
      }
    });
  }

  it('batched with a broadcast operand: [3,40,50] x [50,24]', () => {
    const a = tensor(Float32Array.from({ length: 3 * 40 * 50 }, (_, i) => Math.cos(0.11 * i)), [3, 40, 50]);
    const b = matrix(50, 24, 3);
    expectClose(run('wasm', () => matmul(a, b)), run('js', () => matmul(a, b)), 1e-4);
  });

  it('float64 operands keep float64 precision (they run the reference kernels)', () => {
    const a = tensor([[1 + 1e-12, 2], [3, 4]], undefined, { dtype: 'float64' });
    setBackend('wasm');
    const c = matmul(a, a);
    expect(c.dtype).toBe('float64');
    expect(Math.abs(c.values[0] - (7 + 2e-12))).toBeLessThan(1e-14); // float32 would round this to 7
  });
});

describe('wasm kernels on operands past the SIMD width, with remainders', () => {
  const x = matrix(70, 67, 6); // 4690 values: whole vectors and a 2-value tail
  const extremes = tensor(Float32Array.from({ length: 4690 }, (_, i) => [-Infinity, Infinity, NaN, -3e38, 3e38][i % 5] ?? 0), [70, 67]);
  const wide = matrix(70, 68, 7); // rows of a multiple of 4: the vector broadcast path
  const unaries = ['relu', 'step', 'neg', 'abs', 'square', 'sqrt', 'reciprocal', 'exp', 'log', 'sigmoid', 'tanh'] as const;
  for (const op of unaries) {
    it(`unary ${op}`, () => {
      const input = op === 'sqrt' || op === 'log' ? r.abs(x) : x;
      const f = () => (r as unknown as Record<string, (t: Tensor) => Tensor>)[op](input);
      expectClose(run('wasm', f), run('js', f));
    });
  }
  const cases: Array<[string, () => Tensor]> = [
    ['add a bias row', () => r.add(x, matrix(1, 67, 8).reshape([67]))],
    ['sub a bias row (multiple of 4)', () => r.sub(wide, matrix(1, 68, 9).reshape([68]))],
    ['mul by a scalar', () => r.mul(wide, 1.5)],
    ['div a scalar by a tensor', () => r.div(2, r.add(r.abs(x), 0.5))],
    ['maximum same shape', () => r.maximum(x, matrix(70, 67, 10))],
    ['minimum with a [1,68] row', () => r.minimum(wide, matrix(1, 68, 11))],
    ['reluGrad by a mask of mixed signs', () => r.reluGrad(wide, matrix(70, 68, 12))],
    ['addRelu with a bias row', () => r.addRelu(wide, matrix(1, 68, 13).reshape([68]))],
    ['relu of infinities, NaN and near-overflow values', () => r.relu(extremes)],
    ['addRelu of infinities, NaN and an overflowing sum', () => r.addRelu(extremes, extremes)],
    ['same shape, a length not a multiple of 4', () => r.mul(x, matrix(70, 67, 14))],
    ['sum over the batch axis', () => r.sum(x, 0)],
    ['sum over the last axis', () => r.sum(x, -1)],
    ['sum of everything', () => r.sum(x)],
    ['max over the batch axis', () => r.max(x, 0)],
    ['min over the last axis', () => r.min(x, 1)],
    ['softmax rows', () => r.softmax(x)],
    ['logSoftmax rows', () => r.logSoftmax(x)],
  ];
  for (const [name, f] of cases) it(name, () => expectClose(run('wasm', f), run('js', f)));

  // 7 channels: one SIMD block and a 3-channel tail; multiplier 3: the scalar path
  for (const [channels, mult, opts] of [[7, 1, { strides: 2, padding: 'same' }], [8, 1, { dilations: 2 }], [3, 3, { strides: [1, 2], padding: 'same' }]] as const) {
    it(`depthwiseConv2d with ${channels} channels, multiplier ${mult}, ${JSON.stringify(opts)}: forward and both gradients`, () => {
      const input = tensor(Float32Array.from({ length: 2 * 9 * 8 * channels }, (_, i) => Math.sin(0.13 * i)), [2, 9, 8, channels], { requiresGrad: true });
      const filter = tensor(Float32Array.from({ length: 3 * 3 * channels * mult }, (_, i) => Math.cos(0.29 * i)), [3, 3, channels, mult], { requiresGrad: true });
      const grads = (backend: string) => {
        setBackend(backend);
        try {
          input.grad = null;
          filter.grad = null;
          const y = r.depthwiseConv2d(input, filter, opts);
          y.mul(y).sum().backward();
          return [Float32Array.from(y.values), Float32Array.from(input.grad!.values), Float32Array.from(filter.grad!.values)];
        } finally {
          setBackend('wasm');
        }
      };
      const [want, got] = [grads('js'), grads('wasm')];
      for (let i = 0; i < 3; i++) expectClose(got[i], want[i], 1e-4);
    });
  }

  // a 3x3 window at stride 2, and a 1x1 window (whose patch matrix is the input itself)
  for (const [k, options] of [[3, { strides: 2, padding: 'same' }], [1, { padding: 'same' }], [1, { strides: 2 }]] as const) {
    it(`conv2d ${k}x${k} ${JSON.stringify(options)} with 8 channels: forward and both gradients`, () => {
      const input = tensor(Float32Array.from({ length: 2 * 9 * 9 * 8 }, (_, i) => Math.sin(0.13 * i)), [2, 9, 9, 8], { requiresGrad: true });
      const kernel = tensor(Float32Array.from({ length: k * k * 8 * 6 }, (_, i) => Math.cos(0.29 * i)), [k, k, 8, 6], { requiresGrad: true });
      const grads = (backend: string) => {
        setBackend(backend);
        try {
          input.grad = null;
          kernel.grad = null;
          const y = r.conv2d(input, kernel, options);
          y.mul(y).sum().backward();
          return [Float32Array.from(y.values), Float32Array.from(input.grad!.values), Float32Array.from(kernel.grad!.values)];
        } finally {
          setBackend('wasm');
        }
      };
      const [want, got] = [grads('js'), grads('wasm')];
      for (let i = 0; i < 3; i++) expectClose(got[i], want[i], 1e-4);
    });
  }
});

describe('conv2dReluMaxPool: the fused op against the composition it replaces', () => {
  // MNIST-like input (mostly zeros, so the sparse kernel runs), pooling windows that do and do not overlap,
  // a bias that kills some channels (their windows pass no gradient), on wasm and js
  const shapes = [
    { x: [4, 12, 12, 1], w: [3, 3, 1, 8], conv: {}, pool: { poolSize: 2 } },
    { x: [2, 9, 10, 3], w: [2, 2, 3, 5], conv: { padding: 'same', strides: 2 }, pool: { poolSize: 3, strides: 1, padding: 'same' } },
    // 20 channels: one block of sixteen and one vector of four in the pooling; 18: sixteen and a tail of two
    { x: [3, 10, 10, 1], w: [3, 3, 1, 20], conv: {}, pool: { poolSize: 2 } },
    { x: [2, 11, 9, 2], w: [2, 2, 2, 18], conv: { padding: 'same' }, pool: { poolSize: 2, strides: 1 } },
  ] as const;
  for (const { x, w, conv, pool } of shapes) {
    it(`x ${JSON.stringify(x)}, w ${JSON.stringify(w)}, pool ${JSON.stringify(pool)}: values and the gradients of x, kernel and bias`, () => {
      const grads = (backend: string, fused: boolean) => {
        setBackend(backend);
        try {
          const size = x.reduce((p, d) => p * d, 1);
          const input = new r.Tensor(specialMatrix(size, 1, 21, 0.97).values, [...x], true);
          const kernel = new r.Tensor(specialMatrix(w.reduce((p, d) => p * d, 1), 1, 22, 0).values, [...w], true);
          const bias = new r.Tensor(Float32Array.from({ length: w[3] }, (_, i) => (i % 3 === 0 ? -50 : 0.1 * i)), [w[3]], true);
          const y = fused ? r.conv2dReluMaxPool(input, kernel, bias, conv, pool) : r.maxPool2d(r.conv2dAddRelu(input, kernel, bias, conv), pool);
          y.mul(specialMatrix(y.size, 1, 23, 0).reshape(y.shape)).sum().backward();
          return [y, input.grad!, kernel.grad!, bias.grad!].map((t) => Float32Array.from(t.values));
        } finally {
          setBackend('wasm');
        }
      };
      const want = grads('js', false);
      expect(want[3].some((v) => v === 0)).toBe(true); // a dead channel's bias got no gradient
      for (const [backend, fused] of [['js', true], ['wasm', true], ['wasm', false]] as const) {
        const got = grads(backend, fused);
        for (let i = 0; i < 4; i++) expectClose(got[i], want[i], 1e-4);
      }
    });
  }
});

describe('NaN and infinities: wasm agrees with js', () => {
  // zeros in A (which a sparse loop could skip) meeting infinities and NaN in B, on both sides of every product
  const a = specialMatrix(20, 40, 1, 0.6, [[5, NaN], [90, -Infinity]]);
  const b = specialMatrix(40, 36, 2, 0.3, [[3, Infinity], [200, -Infinity], [500, NaN]]);
  it('matmul in all four transpose variants', () => {
    const variants: Array<() => Tensor> = [
      () => matmul(a, b),
      () => matmul(a.transpose(), b, true, false),
      () => matmul(a, b.transpose(), false, true),
      () => matmul(a.transpose(), b.transpose(), true, true),
    ];
    for (const f of variants) expectClose(run('wasm', f), run('js', f), 1e-4);
  });

  // the sparse kernel from 70% zeros, or (sparseRows out of reach) the dense tile that skips zero depth steps
  for (const [label, sparseRows, kernel] of [['the sparse kernel', 0.7, 'sparseRows'], ['the zero-skipping tile', 2, 'gemmPackB']] as const) {
    it(`a mostly-zero A (${label}) agrees with js, and still gives NaN for 0 * Inf`, () => {
      wasmLimits.sparseRows = sparseRows;
      const calls = countCalls(kernel); // on the calling thread, whatever the thread count
      try {
        const sparse = specialMatrix(67, 90, 4, 0.97); // 84% zeros
        const finite = specialMatrix(90, 37, 5, 0);
        const variants = (b: Tensor): Array<() => Tensor> => [
          () => matmul(sparse, b),
          () => matmul(sparse.transpose(), b, true, false),
          () => matmul(sparse, b.transpose(), false, true),
        ];
        for (const f of variants(finite)) expectClose(run('wasm', f), run('js', f), 1e-4);
        const withInf = specialMatrix(90, 37, 5, 0, [[0, Infinity], [500, NaN], [3000, -Infinity]]);
        for (const f of variants(withInf)) {
          const want = run('js', f);
          expect(want.some(Number.isNaN)).toBe(true);
          expectClose(run('wasm', f), want, 1e-4);
        }
        expect(calls.count).toBeGreaterThan(0);
      } finally {
        calls.restore();
        wasmLimits.sparseRows = saved.sparseRows;
      }
    });
  }

  it('allFinite (which lets a kernel skip zeros of A) finds an infinity or NaN anywhere, and passes any finite value', () => {
    const { arena, exports } = wasmContext()!;
    const check = (values: number[]) => {
      const mark = arena.mark();
      try {
        return exports.allFinite(arena.put(Float32Array.from(values)), values.length);
      } finally {
        arena.release(mark);
      }
    };
    const finite = [1, -3.4e38, 3.4e38, -0, 1e-45, 0, 2, 7, 0.5]; // two whole vectors and a tail of one
    expect(check(finite)).toBe(1);
    for (const special of [NaN, Infinity, -Infinity]) {
      for (const at of [0, 5, 8]) expect(check(finite.map((v, i) => (i === at ? special : v)))).toBe(0);
    }
  });

  it('the sparse kernel agrees with js over column remainders, empty and full rows, NaN and -0 in A, two panels of B, and 1 or 2 threads', () => {
    // [m, k, n]: 45 columns = two 16-column blocks, one of 8 and 5 single ones; 300 x 300 needs two panels of B
    const sizes = [[67, 90, 45], [130, 300, 300], [20, 33, 7], [64, 7, 16], [40, 2, 3]];
    const before = getNumThreads();
    const calls = countCalls('sparseRows');
    for (const threads of [1, 2]) {
      setNumThreads(threads);
      for (const [m, k, n] of sizes) {
        const values = Float32Array.from(specialMatrix(m, k, 9, 0.97, [[1, NaN], [2, -0], [k + 3, -Infinity]]).values);
        values.fill(0, 2 * k, 3 * k); // row 2: no nonzeros
        values.fill(1.5, 4 * k, 5 * k); // row 4: no zeros
        const a = tensor(values, [m, k]);
        const b = specialMatrix(k, n, 10, 0.1);
        const want = run('js', () => matmul(a, b));
        expect(want.some(Number.isNaN)).toBe(true);
        expectClose(run('wasm', () => matmul(a, b)), want, 1e-4);
        const at = a.transpose();
        expectClose(run('wasm', () => matmul(at, b, true, false)), want, 1e-4);
      }
    }
    calls.restore();
    expect(calls.count).toBe(2 * 2 * sizes.length);
    setNumThreads(before);
  });

  it('conv2d of a mostly-zero image (the zero-skipping tile) agrees with js, forward and both gradients, also with an infinite weight', () => {
    for (const specials of [[], [[4, Infinity]]] as Array<Array<[number, number]>>) {
      const grads = (backend: string) => {
        setBackend(backend);
        try {
          const image = new r.Tensor(specialMatrix(3 * 14 * 14, 2, 6, 0.85).values, [3, 14, 14, 2], true);
          const filter = new r.Tensor(specialMatrix(3 * 3 * 2, 8, 7, 0, specials).values, [3, 3, 2, 8], true);
          const y = r.conv2d(image, filter, { padding: 'same' });
          y.mul(specialMatrix(3 * 14 * 14, 8, 8, 0).reshape([3, 14, 14, 8])).sum().backward();
          return [y, image.grad!, filter.grad!].map((t) => Float32Array.from(t.values));
        } finally {
          setBackend('wasm');
        }
      };
      const [want, got] = [grads('js'), grads('wasm')];
      for (let i = 0; i < 3; i++) expectClose(got[i], want[i], 1e-4);
      if (specials.length) expect(want[0].some(Number.isNaN)).toBe(true);
    }
  });

  it('matmul with one to three rows (the vector-matrix kernel) in all four transpose variants', () => {
    wasmLimits.matmulRows = saved.matmulRows;
    try {
      for (const rows of [1, 3]) {
        const x = a.slice([0, 0], [rows, 40]);
        const variants: Array<() => Tensor> = [
          () => matmul(x, b),
          () => matmul(x.transpose(), b, true, false),
          () => matmul(x, b.transpose(), false, true),
          () => matmul(x.transpose(), b.transpose(), true, true),
        ];
        for (const f of variants) expectClose(run('wasm', f), run('js', f), 1e-4);
        expect(run('js', variants[0]).some(Number.isNaN)).toBe(true);
      }
    } finally {
      wasmLimits.matmulRows = 0;
    }
  });

  it("matmul's gradients", () => {
    const grads = (backend: string) => {
      setBackend(backend);
      try {
        const x = new r.Tensor(a.values, a.shape, true);
        const y = new r.Tensor(b.values, b.shape, true);
        matmul(x, y).mul(specialMatrix(20, 36, 3, 0.5)).sum().backward();
        return [Float32Array.from(x.grad!.values), Float32Array.from(y.grad!.values)];
      } finally {
        setBackend('wasm');
      }
    };
    const [want, got] = [grads('js'), grads('wasm')];
    for (let i = 0; i < 2; i++) expectClose(got[i], want[i], 1e-4);
    expect(want[0].some(Number.isNaN) && want[0].some((v) => !Number.isFinite(v) && !Number.isNaN(v))).toBe(true);
  });

  it('conv2d forward and both gradients with an infinite weight and a NaN pixel', () => {
    const input = new r.Tensor(specialMatrix(1, 2 * 7 * 7 * 3, 4, 0.4, [[40, NaN]]).values, [2, 7, 7, 3], true);
    const kernel = new r.Tensor(specialMatrix(1, 3 * 3 * 3 * 4, 5, 0.2, [[7, Infinity]]).values, [3, 3, 3, 4], true);
    const grads = (backend: string) => {
      setBackend(backend);
      try {
        input.grad = null;
        kernel.grad = null;
        const y = r.conv2d(input, kernel, { padding: 'same' });
        y.mul(specialMatrix(1, y.size, 6, 0.3).reshape(y.shape)).sum().backward();
        return [Float32Array.from(y.values), Float32Array.from(input.grad!.values), Float32Array.from(kernel.grad!.values)];
      } finally {
        setBackend('wasm');
      }
    };
    const [want, got] = [grads('js'), grads('wasm')];
    for (let i = 0; i < 3; i++) expectClose(got[i], want[i], 1e-4);
    expect(want[0].some(Number.isNaN)).toBe(true);
  });

  const x = specialMatrix(70, 67, 7, 0.2, [[3, NaN], [400, Infinity], [900, -Infinity], [2000, NaN]]);
  const cases: Array<[string, () => Tensor]> = [
    ['max pooling', () => r.maxPool2d(x.reshape([10, 7, 67, 1]), { poolSize: 2 })],
    // 67 channels: four blocks of sixteen and a tail of three, NaN and infinities in some windows
    ['max pooling over channel vectors', () => r.maxPool2d(x.reshape([5, 2, 7, 67]), { poolSize: 2, strides: 1, padding: 'same' })],
    // 7 channels: one vector of four and a tail of three
    ['max pooling over one channel vector', () => r.maxPool2d(x.slice([0, 0], [70, 63]).reshape([10, 9, 7, 7]), { poolSize: 3, strides: 2 })],
    // one channel, 3x3: im2col copies each kernel row as one vector, inside the image and at its padded edges
    ['conv2d 3x3 over one channel, padded and strided', () => r.conv2d(x.slice([0, 0], [70, 64]).reshape([5, 28, 32, 1]), specialMatrix(9, 4, 8, 0).reshape([3, 3, 1, 4]), { padding: 'same', strides: 2 })],
    ['conv2d 3x3 over one channel, valid', () => r.conv2d(x.slice([0, 0], [70, 64]).reshape([5, 28, 32, 1]), specialMatrix(9, 4, 8, 0).reshape([3, 3, 1, 4]))],
    ['average pooling', () => r.avgPool2d(x.reshape([10, 7, 67, 1]), { poolSize: 2 })],
    ['bounded ReLU, scaleShift and scaleShiftRelu', () => r.concat([r.boundedRelu(x, 1.5), r.scaleShift(x, r.tensor(Array.from({ length: 67 }, (_, i) => i - 33)), r.ones([67])), r.scaleShiftRelu(x, r.tensor(Array.from({ length: 67 }, (_, i) => i - 33)), r.ones([67]), 2)], 0)],
    ['max and min over each axis', () => r.concat([r.max(x, 0), r.min(x, 0), r.max(x, 1).reshape([70]).slice([0], [67])], 0)],
    ['sum over each axis', () => r.concat([r.sum(x, 0), r.sum(x, 1).slice([0], [67])], 0)],
    ['softmax and logSoftmax rows', () => r.concat([r.softmax(x), r.logSoftmax(x)], 0)],
    ['logSumExp over rows and over everything', () => r.concat([r.logSumExp(x, -1), r.logSumExp(x).reshape([1])], 0)],
    ['argmax per row', () => r.argmax(x)],
  ];
  for (const [name, f] of cases) it(name, () => expectClose(run('wasm', f), run('js', f)));

  it("max pooling's gradient goes to the same pixels on both backends", () => {
    const grad = (backend: string) => {
      setBackend(backend);
      try {
        const input = new r.Tensor(x.values, [5, 2, 7, 67], true);
        r.maxPool2d(input, { poolSize: 2, strides: 1, padding: 'same' }).mul(specialMatrix(5 * 2 * 7, 67, 9, 0).reshape([5, 2, 7, 67])).sum().backward();
        return Float32Array.from(input.grad!.values);
      } finally {
        setBackend('wasm');
      }
    };
    expect(grad('wasm')).toEqual(grad('js'));
  });
});

describe('threads', () => {
  it('threaded and single-thread products are identical', () => {
    const threads = getNumThreads();
    const a = matrix(203, 311, 4);
    const b = matrix(311, 97, 5);
    const pool = wasmContext()!.pool;
    const run_ = vi.spyOn(pool, 'run');
    try {
      setNumThreads(1);
      const one = run('wasm', () => matmul(a, b, false, false));
      for (const n of [2, 3]) {
        setNumThreads(n);
        run_.mockClear();
        expect(run('wasm', () => matmul(a, b))).toEqual(one);
        expect(run_.mock.calls[0][1]).toHaveLength(n); // the rows really were split n ways
      }
    } finally {
      run_.mockRestore();
      setNumThreads(threads);
    }
  });

  it('threaded and single-thread results are identical for the products of training: transposed operands and convolutions', () => {
    const threads = getNumThreads();
    const x = matrix(130, 300, 6);
    const dy = matrix(130, 70, 7);
    const w = matrix(300, 70, 8);
    const image = tensor(Float32Array.from({ length: 4 * 12 * 12 * 3 }, (_, i) => Math.sin(0.21 * i)), [4, 12, 12, 3]);
    const filter = tensor(Float32Array.from({ length: 3 * 3 * 3 * 8 }, (_, i) => Math.cos(0.17 * i)), [3, 3, 3, 8]);
    const all = () => [
      run('wasm', () => matmul(x, w)), // forward
      run('wasm', () => matmul(x, dy, true, false)), // dW
      run('wasm', () => matmul(dy, w, false, true)), // dX
      run('wasm', () => r.conv2d(image, filter, { padding: 'same' })),
      // depthwise forward by bands of rows, multipliers 2 and 1
      run('wasm', () => r.depthwiseConv2d(image, filter.slice([0, 0, 0, 0], [3, 3, 3, 2]), { padding: 'same' })),
      run('wasm', () => r.depthwiseConv2d(image, filter.slice([0, 0, 0, 0], [3, 3, 3, 1]), { strides: 2 })),
    ];
    try {
      setNumThreads(1);
      const one = all();
      for (const n of [2, 3, 4]) {
        setNumThreads(n);
        expect(all()).toEqual(one);
      }
    } finally {
      setNumThreads(threads);
    }
  });

  it('split products hand out whole 4-row tiles, about four chunks per thread, at most 64 rows', () => {
    for (const [m, threads, want] of [[8, 2, 4], [128, 2, 16], [203, 3, 20], [784, 2, 64], [86528, 2, 64]]) {
      expect(chunkRows(m, threads)).toBe(want);
    }
  });

  /** A two-thread pool running the `unary` kernel (op code `op`) over the two halves of 8 values. */
  function halves(op: number, module?: WebAssembly.Module) {
    const wasm = loadWasmModule();
    const pool = new ThreadPool(module ? { ...wasm, module } : wasm, ['unary']);
    pool.resize(2);
    const arena = new Arena(wasm.memory, 65536);
    const x = arena.put(Float32Array.from([-1, 2, -3, 4, 5, -6, 7, -8]));
    const out = arena.alloc(32);
    const jobs = [[op, x, out, 4], [op, x + 16, out + 16, 4]];
    const result = () => Array.from(arena.take(out, 8));
    const clear = () => arena.view(out, 8).fill(-1);
    return { pool, jobs, result, clear };
  }

  it('a worker that dies after starting costs nothing: its next share runs on the calling thread', async () => {
    const { pool, jobs, result, clear } = halves(2); // neg
    pool.run('unary', jobs);
    await (pool as unknown as { workers: { terminate(): Promise<number> }[] }).workers[0].terminate();
    clear();
    pool.run('unary', jobs);
    expect(result()).toEqual([1, -2, 3, -4, -5, 6, -7, 8]);
  });

  it('empty products give empty or zero results on threads too', () => {
    expect(matmul(r.zeros([0, 5]), matrix(5, 9, 1)).shape).toEqual([0, 9]);
    expect(Array.from(matmul(r.zeros([12, 0]), r.zeros([0, 3])).dataSync())).toEqual(new Array(36).fill(0));
  });

  it('a worker that cannot start hands its share back to the calling thread', async () => {
    // a module importing a function nobody provides: instantiating it in the worker throws
    const broken = new WebAssembly.Module(Uint8Array.from([0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 2, 9, 1, 3, 101, 110, 118, 1, 102, 0, 0]));
    const { pool, jobs, result, clear } = halves(0, broken); // relu
    pool.run('unary', jobs);
    expect(result()).toEqual([0, 2, 0, 4, 5, 0, 7, 0]);
    // once the failure is known the pool stops offering work to threads
    for (let waited = 0; pool.size > 1 && waited < 5000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(pool.size).toBe(1);
    clear();
    pool.run('unary', jobs.slice(0, 1));
    expect(result()).toEqual([0, 2, 0, 4, -1, -1, -1, -1]);
  });

  it('setNumThreads rejects nonsense with the value received', () => {
    expect(() => setNumThreads(0)).toThrow(/setNumThreads: expected a whole number from 1 to \d+, got 0/);
    expect(() => setNumThreads(1.5)).toThrow(/got 1.5/);
  });
});
