import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import * as r from '@rectify/core';
import { listBackends, matmul, setBackend, tensor, type Tensor } from '@rectify/core';
import { getNativeThreads, nativeStatus, setNativeThreads } from '@rectify/native';
import { opCases } from '../../core/test/op-table.js';
import { addon } from '../src/addon.js';

const addonFile = fileURLToPath(new URL('../addon/build/Release/rectify_native.node', import.meta.url));

// The native backend against the JS reference over the whole op table and on products and convolutions
// big enough for OpenBLAS's own blocking and threads, when the add-on is built; otherwise the loader
// must say why, and 'native' must not be selectable.
const status = nativeStatus();
const base = listBackends().includes('wasm') ? 'wasm' : 'js';
afterAll(() => setBackend(base));

function run(backend: string, f: () => Tensor): Float32Array {
  setBackend(backend);
  try {
    return Float32Array.from(f().dataSync());
  } finally {
    setBackend(base);
  }
}

function expectClose(got: Float32Array, want: Float32Array, tol = 1e-5): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    if (!Number.isFinite(want[i])) expect(got[i]).toBe(want[i]);
    else expect(Math.abs(got[i] - want[i])).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(want[i])));
  }
}

const matrix = (rows: number, cols: number, seed: number) => tensor(Float32Array.from({ length: rows * cols }, (_, i) => Math.sin(0.37 * i + seed)), [rows, cols]);

if (!status.available) {
  describe('native backend: not available here', () => {
    it(`reports why: ${status.reason}`, () => {
      console.log(`@rectify/native is ${status.reason}; its comparison with the js backend did not run`);
      expect(status.reason).toMatch(/^not (built|loadable): \S/);
      expect(listBackends()).not.toContain('native');
      expect(() => setBackend('native')).toThrow(/pnpm build:native/);
      expect(() => setNativeThreads(1)).toThrow(/setNativeThreads: the native backend is not/);
      expect(getNativeThreads()).toBe(0);
    });
  });
} else {
  it(`is registered (${status.config})`, () => {
    expect(listBackends()).toContain('native');
    expect(getNativeThreads()).toBeGreaterThanOrEqual(1);
  });

  it("keeps large blocks' pages mapped on glibc, and leaves an allocator the user tuned alone", () => {
    const glibc = Boolean((process.report.getReport() as { header: { glibcVersionRuntime?: string } }).header.glibcVersionRuntime);
    const tuned = /glibc\.malloc\./.test(process.env.GLIBC_TUNABLES ?? '') || 'MALLOC_MMAP_THRESHOLD_' in process.env || 'MALLOC_TRIM_THRESHOLD_' in process.env || process.env.RECTIFY_NATIVE_KEEP_HEAP === '0';
    expect(status.available && status.keepsHeapPages).toBe(glibc && !tuned);
    const load = `console.log(require(${JSON.stringify(addonFile)}).keepsHeapPages())`;
    for (const setting of [{ GLIBC_TUNABLES: 'glibc.malloc.check=0' }, { RECTIFY_NATIVE_KEEP_HEAP: '0' }]) {
      const child = spawnSync(process.execPath, ['-e', load], { encoding: 'utf8', env: { ...process.env, ...setting } });
      expect(child.stdout.trim()).toBe('false');
    }
  });

  describe('op table: native agrees with js (float32)', () => {
    for (const c of opCases) {
      it(c.name, () => {
        const inputs = c.inputs('float32');
        expectClose(run('native', () => c.fn(...inputs)), run('js', () => c.fn(...inputs)));
      });
    }
  });

  describe('native GEMM against js', () => {
    for (const [m, k, n] of [[1, 1, 1], [3, 5, 7], [67, 300, 33], [130, 257, 70], [128, 784, 128]]) {
      it(`[${m},${k}] x [${k},${n}] in all four transpose variants`, () => {
        const a = matrix(m, k, 1);
        const b = matrix(k, n, 2);
        const want = run('js', () => matmul(a, b));
        const tol = 1e-5 * Math.sqrt(k);
        expectClose(run('native', () => matmul(a, b)), want, tol);
        expectClose(run('native', () => matmul(a.transpose(), b, true, false)), want, tol);
        expectClose(run('native', () => matmul(a, b.transpose(), false, true)), want, tol);
        expectClose(run('native', () => matmul(a.transpose(), b.transpose(), true, true)), want, tol);
      });
    }

    // the sparse kernel (A >= 70% zeros, B finite, B not transposed): 64-, 8- and 1-column blocks, an empty
    // row, NaN and -0 in A, two panels of B; with an infinity in B it must fall back to OpenBLAS and give NaN
    it('a mostly-zero A (the sparse kernel) agrees with js, and an infinite B still gives NaN for 0 * Inf', () => {
      for (const [m, k, n] of [[67, 90, 77], [130, 800, 200], [20, 33, 7]]) {
        const values = Float32Array.from({ length: m * k }, (_, i) => (Math.abs(Math.sin(12.9898 * i)) % 1 < 0.97 ? 0 : Math.sin(0.77 * i)));
        values[1] = NaN;
        values[2] = -0;
        values.fill(0, 2 * k, 3 * k);
        values.fill(1.5, 4 * k, 5 * k);
        const a = tensor(values, [m, k]);
        for (const special of [null, Infinity]) {
          const bValues = matrix(k, n, 6).dataSync().slice() as Float32Array;
          if (special !== null) bValues[5] = special;
          const b = tensor(bValues, [k, n]);
          const want = run('js', () => matmul(a, b));
          expect(want.some(Number.isNaN)).toBe(true);
          expectClose(run('native', () => matmul(a, b)), want, 1e-4);
          expectClose(run('native', () => matmul(a.transpose(), b, true, false)), want, 1e-4);
        }
      }
    });

    it('batched with a broadcast operand, and an empty inner dimension', () => {
      const a = tensor(Float32Array.from({ length: 3 * 40 * 50 }, (_, i) => Math.cos(0.11 * i)), [3, 40, 50]);
      const b = matrix(50, 24, 3);
      expectClose(run('native', () => matmul(a, b)), run('js', () => matmul(a, b)), 1e-4);
      expect(Array.from(run('native', () => matmul(r.zeros([2, 0]), r.zeros([0, 3]))))).toEqual([0, 0, 0, 0, 0, 0]);
    });

    it('float64 operands keep float64 precision (they run the base kernels)', () => {
      const a = tensor([[1 + 1e-12, 2], [3, 4]], undefined, { dtype: 'float64' });
      setBackend('native');
      try {
        const c = matmul(a, a);
        expect(c.dtype).toBe('float64');
        expect(Math.abs(c.values[0] - (7 + 2e-12))).toBeLessThan(1e-14);
      } finally {
        setBackend(base);
      }
    });

    // OpenBLAS splits products differently by thread count, so only a fixed count is reproducible
    it('the same thread count gives the same products, run after run', () => {
      const a = matrix(300, 200, 4);
      const b = matrix(200, 250, 5);
      const threads = getNativeThreads();
      try {
        for (const n of [1, 2]) {
          setNativeThreads(n);
          expect(run('native', () => matmul(a, b))).toEqual(run('native', () => matmul(a, b)));
        }
      } finally {
        setNativeThreads(threads);
      }
    });

    // MNIST-like: ~80% zeros, a product of 20M multiply-adds, which the sparse kernel splits between the
    // calling thread and its helper from two threads; as A and as A^T (the weight gradient's form)
    // (zeros placed by a well-mixed hash, so the add-on's sampled zero count sees them, stored either way;
    // were the product to run OpenBLAS instead, one and two threads would not give the same bits here)
    const sparseA = (rows: number, cols: number) =>
      tensor(Float32Array.from({ length: rows * cols }, (_, i) => ((Math.abs(Math.sin(78.233 * i + 0.5)) * 43758.5453) % 1 < 0.8 ? 0 : Math.sin(0.77 * i))), [rows, cols]);

    it('a sparse product split between two threads gives the bits of one thread, and agrees with js', () => {
      const a = sparseA(512, 784);
      const b = matrix(784, 256, 7);
      const threads = getNativeThreads();
      try {
        for (const [left, transA] of [[a, false], [a.transpose(), true]] as const) {
          setNativeThreads(1);
          const one = run('native', () => matmul(left, b, transA, false));
          setNativeThreads(2);
          for (let i = 0; i < 5; i++) expect(run('native', () => matmul(left, b, transA, false))).toEqual(one);
          expectClose(one, run('js', () => matmul(a, b)), 1e-4);
        }
      } finally {
        setNativeThreads(threads);
      }
    });

    it('two JavaScript threads running split sparse products at once each get their own right results', async () => {
      const { Worker } = await import('node:worker_threads');
      const a = sparseA(512, 784);
      const b = matrix(784, 256, 8);
      const want = Buffer.from(run('js', () => matmul(a, b)).buffer);
      const threads = getNativeThreads();
      setNativeThreads(2);
      const [splitBefore] = addon!.splitCounts();
      try {
        // both threads wait at a barrier in shared memory, then multiply at the same time
        const barrier = new SharedArrayBuffer(4);
        const gate = new Int32Array(barrier);
        const data = { a: a.dataSync(), aShape: a.shape, b: b.dataSync(), bShape: b.shape, repeats: 40, barrier };
        const worker = new Worker(new URL('./split-worker.mjs', import.meta.url), { workerData: data });
        const fromWorker = new Promise<Float32Array[]>((resolve, reject) => {
          worker.once('message', resolve);
          worker.once('error', reject);
        });
        Atomics.add(gate, 0, 1);
        Atomics.notify(gate, 0);
        while (Atomics.load(gate, 0) < 2) await new Promise((resolve) => setTimeout(resolve, 1));
        const mine: Float32Array[] = [];
        for (let i = 0; i < 40; i++) mine.push(run('native', () => matmul(a, b)));
        const all = [...mine, ...(await fromWorker)];
        await worker.terminate();
        // the sparse kernel sums in js's order with fused multiply-adds (js rounds a float64 product-sum
        // once), so it matches js exactly here; the byte comparison is quick on 80 products of 131K values
        const wrong = all.filter((result) => Buffer.compare(Buffer.from(result.buffer), want) !== 0);
        if (wrong.length > 0) expectClose(wrong[0], new Float32Array(want.buffer, want.byteOffset, want.length / 4), 1e-4);
        // the split ran (whether the helper also took rows of a given product depends on scheduling)
        expect(addon!.splitCounts()[0]).toBeGreaterThan(splitBefore);
      } finally {
        setNativeThreads(threads);
      }
    });

    it('an empty ReLU backward and an empty Adam step do nothing, as on the other backends', () => {
      const x = tensor(new Float32Array(0), [0, 4], { requiresGrad: true });
      const bias = tensor([0.5, -1, 2, 0], [4], { requiresGrad: true });
      const grads = (backend: string) => {
        setBackend(backend);
        try {
          const [, db] = r.grad((p: Tensor, q: Tensor) => r.sum(r.addRelu(p, q)))(x, bias);
          return Array.from(db.dataSync());
        } finally {
          setBackend(base);
        }
      };
      expect(grads('native')).toEqual([0, 0, 0, 0]);
      expect(grads('native')).toEqual(grads('js'));
      const empty = new Float32Array(0);
      expect(() => addon!.adam(empty, new Float32Array(0), new Float32Array(0), new Float32Array(0), 0.1, 0.9, 0.999, 1e-7)).not.toThrow();
      const dbias = Float32Array.of(7, 7);
      addon!.reluGradBias(empty, new Float32Array(0), new Float32Array(0), dbias);
      expect(Array.from(dbias)).toEqual([0, 0]);
      const shared = new Float32Array(8);
      expect(() => addon!.reluGradBias(shared.subarray(0, 4), new Float32Array(4), shared.subarray(2, 6), new Float32Array(2))).toThrow(/reluGradBias: dz must not overlap dy or y/);
    });

    it('rejects a thread count that is not a whole number of at least 1', () => {
      expect(() => setNativeThreads(0)).toThrow(/setNativeThreads: expected a whole number of at least 1, got 0/);
    });
  });

  describe('native convolution against js: forward and both gradients', () => {
    const shapes = [
      { x: [2, 9, 8, 3], w: [3, 3, 3, 5], opts: { strides: 2, padding: 'same' } },
      { x: [3, 12, 12, 4], w: [3, 3, 4, 16], opts: {} },
      { x: [1, 10, 11, 2], w: [2, 3, 2, 6], opts: { dilations: 2, padding: 'same' } },
    ] as const;
    for (const { x, w, opts } of shapes) {
      it(`x ${JSON.stringify(x)}, w ${JSON.stringify(w)}, ${JSON.stringify(opts)}`, () => {
        const input = tensor(Float32Array.from({ length: x.reduce((p, d) => p * d, 1) }, (_, i) => Math.sin(0.13 * i)), [...x], { requiresGrad: true });
        const filter = tensor(Float32Array.from({ length: w.reduce((p, d) => p * d, 1) }, (_, i) => Math.cos(0.29 * i)), [...w], { requiresGrad: true });
        const grads = (backend: string) => {
          setBackend(backend);
          try {
            input.grad = null;
            filter.grad = null;
            const y = r.conv2d(input, filter, opts);
            y.mul(y).sum().backward();
            return [Float32Array.from(y.values), Float32Array.from(input.grad!.values), Float32Array.from(filter.grad!.values)];
          } finally {
            setBackend(base);
          }
        };
        const [want, got] = [grads('js'), grads('native')];
        for (let i = 0; i < 3; i++) expectClose(got[i], want[i], 1e-4);
      });
    }
  });

  describe('native elementwise kernels and the Adam step', () => {
    it('conv2dAddRelu (forward and the three gradients), addRelu and reluGrad on big operands agree with js', () => {
      const input = tensor(Float32Array.from({ length: 4 * 14 * 13 * 3 }, (_, i) => Math.sin(0.13 * i)), [4, 14, 13, 3], { requiresGrad: true });
      const filter = tensor(Float32Array.from({ length: 3 * 3 * 3 * 8 }, (_, i) => Math.cos(0.29 * i)), [3, 3, 3, 8], { requiresGrad: true });
      const bias = tensor(Float32Array.from({ length: 8 }, (_, i) => 0.3 * Math.sin(i)), [8], { requiresGrad: true });
      const grads = (backend: string) => {
        setBackend(backend);
        try {
          input.grad = filter.grad = bias.grad = null;
          const y = r.conv2dAddRelu(input, filter, bias, { padding: 'same' });
          const z = r.addRelu(y.reshape([-1, 8]), bias);
          z.mul(z).sum().backward();
          return [y, z, input.grad!, filter.grad!, bias.grad!].map((t) => Float32Array.from(t.values));
        } finally {
          setBackend(base);
        }
      };
      const [want, got] = [grads('js'), grads('native')];
      for (let i = 0; i < want.length; i++) expectClose(got[i], want[i], 1e-4);
      expect(want[0].some((v) => v === 0) && want[0].some((v) => v > 0)).toBe(true); // the ReLU really cut
    });

    it('adamUpdate matches the Keras formula in float64, on its own slots and on slots another backend gave', () => {
      const native = r.getBackend('native');
      const n = 5003;
      const g = Float32Array.from({ length: n }, (_, i) => Math.sin(0.7 * i));
      const h = { lr: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, biasCorrection1: 1 - 0.9 ** 3, biasCorrection2: 1 - 0.999 ** 3 };
      const alpha = (h.lr * Math.sqrt(h.biasCorrection2)) / h.biasCorrection1;
      for (const slots of [native, r.getBackend(base)]) {
        const p = Float32Array.from({ length: n }, (_, i) => Math.cos(0.3 * i));
        const m = slots.optimizerSlot!(n) as Float32Array;
        const v = slots.optimizerSlot!(n) as Float32Array;
        m.fill(0.05);
        v.fill(0.002);
        const want = Array.from(p, (pi, i) => {
          const mi = 0.05 + (1 - h.beta1) * (g[i] - 0.05);
          const vi = 0.002 + (1 - h.beta2) * (g[i] * g[i] - 0.002);
          return pi - (alpha * mi) / (Math.sqrt(vi) + h.epsilon);
        });
        expect(native.adamUpdate!(p, g, m, v, h)).toBe(true);
        expectClose(p, Float32Array.from(want), 1e-5);
        expect(m[7]).toBeCloseTo(0.05 + 0.1 * (g[7] - 0.05), 6);
      }
      expect(native.adamUpdate!(new Float64Array(3), new Float64Array(3), new Float64Array(3), new Float64Array(3), h)).toBe(false);
    });

    it('a big Adam step split between two threads gives the bits of one thread and the formula, to the last value', () => {
      const native = r.getBackend('native');
      const n = 200_003; // 48 blocks of 4096 and a partial one
      const g = Float32Array.from({ length: n }, (_, i) => Math.sin(0.7 * i));
      const h = { lr: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, biasCorrection1: 1 - 0.9 ** 2, biasCorrection2: 1 - 0.999 ** 2 };
      const alpha = (h.lr * Math.sqrt(h.biasCorrection2)) / h.biasCorrection1;
      const step = () => {
        const p = Float32Array.from({ length: n }, (_, i) => Math.cos(0.3 * i));
        const m = new Float32Array(n).fill(0.05);
        const v = new Float32Array(n).fill(0.002);
        expect(native.adamUpdate!(p, g, m, v, h)).toBe(true);
        return [p, m, v];
      };
      const threads = getNativeThreads();
      try {
        setNativeThreads(1);
        const [jobs] = addon!.splitCounts();
        const one = step();
        expect(addon!.splitCounts()[0]).toBe(jobs);
        setNativeThreads(2);
        for (let i = 0; i < 3; i++) expect(step()).toEqual(one);
        expect(addon!.splitCounts()[0]).toBe(jobs + 3);
        const want = Array.from(one[0], (_, i) => Math.cos(0.3 * i) - (alpha * (0.05 + 0.1 * (g[i] - 0.05))) / (Math.sqrt(0.002 + 0.001 * (g[i] * g[i] - 0.002)) + h.epsilon));
        expectClose(one[0], Float32Array.from(want), 1e-5);
      } finally {
        setNativeThreads(threads);
      }
    });
  });
}
