import { afterEach, describe, expect, it } from 'vitest';
import { kernels, makeResident, matmul, setBackend, setNumThreads, getNumThreads, tensor, type Tensor } from '../src/index.js';
import { wasmContext } from '../src/backend/wasm/context.js';
import { wasmLimits } from '../src/backend/wasm/limits.js';
import { Arena } from '../src/backend/wasm/arena.js';
import { instantiate } from '../src/backend/wasm/module.js';
import { unsharedKernels } from '../src/backend/wasm/unshared.js';
import { readFileSync } from 'node:fs';

// Resident arrays: parameters and optimizer moments that live in wasm memory, read by kernels where they
// are and updated in place, and recycled once collected.
const ctx = wasmContext()!;
const SIZE = 5003; // past the wasm size limit, with a tail after the last whole vector
const values = (seed: number, n = SIZE) => Float32Array.from({ length: n }, (_, i) => Math.sin(0.37 * i + seed));
const hyper = (t: number) => ({ lr: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, biasCorrection1: 1 - 0.9 ** t, biasCorrection2: 1 - 0.999 ** t });

afterEach(() => setBackend('wasm'));

describe('makeResident', () => {
  it('moves a large float32 tensor into wasm memory with its values unchanged', () => {
    const t = tensor(values(1), [SIZE]);
    const before = t.values;
    makeResident(t);
    expect(t.values).not.toBe(before);
    expect(ctx.arena.residentOffset(t.values)).toBeGreaterThan(0);
    expect(Array.from(t.values)).toEqual(Array.from(before));
    const again = t.values;
    makeResident(t); // already resident: stays where it is
    expect(t.values).toBe(again);
  });

  it('leaves small, float64 and js-backend tensors where they are', () => {
    const small = tensor(values(2, 100), [100]);
    const wide = tensor(Float64Array.from(values(3)), [SIZE], { dtype: 'float64' });
    const small0 = small.values;
    const wide0 = wide.values;
    makeResident(small);
    makeResident(wide);
    expect(small.values).toBe(small0);
    expect(wide.values).toBe(wide0);
    setBackend('js');
    const t = tensor(values(4), [SIZE]);
    const t0 = t.values;
    makeResident(t);
    expect(t.values).toBe(t0);
  });

  it('kernels read a resident operand without copying it in, and compute the same values', () => {
    const w = tensor(values(5, 300 * 40), [300, 40]);
    const x = tensor(values(6, 64 * 300), [64, 300]);
    const copied = Array.from(matmul(x, w).dataSync());
    makeResident(w);
    const mark = ctx.arena.mark();
    expect(ctx.arena.put(w.values as Float32Array)).toBe(ctx.arena.residentOffset(w.values));
    expect(ctx.arena.mark()).toBe(mark); // nothing allocated
    expect(Array.from(matmul(x, w).dataSync())).toEqual(copied);
  });
});

describe('the Adam step on resident and ordinary arrays', () => {
  function steps(resident: boolean, threads: number): Float32Array[] {
    const saved = { perThread: wasmLimits.adamPerThread, threads: getNumThreads() };
    wasmLimits.adamPerThread = 1024; // SIZE splits across threads
    setNumThreads(threads);
    try {
      const backend = kernels();
      const p = tensor(values(7), [SIZE]);
      if (resident) makeResident(p);
      const [m, v] = resident ? [backend.optimizerSlot!(SIZE), backend.optimizerSlot!(SIZE)] : [new Float32Array(SIZE), new Float32Array(SIZE)];
      expect(ctx.arena.residentOffset(m) !== undefined).toBe(resident);
      for (let t = 1; t <= 3; t++) expect(backend.adamUpdate!(p.values, values(10 + t), m, v, hyper(t))).toBe(true);
      return [p.values, m, v].map((a) => Float32Array.from(a));
    } finally {
      wasmLimits.adamPerThread = saved.perThread;
      setNumThreads(saved.threads);
    }
  }

  it('gives identical parameters and moments whether resident or copied in and out, on one thread or two', () => {
    const reference = steps(false, 1);
    for (const [resident, threads] of [[true, 1], [true, 2], [false, 2]] as const) {
      const got = steps(resident, threads);
      for (let i = 0; i < 3; i++) expect(got[i]).toEqual(reference[i]);
    }
    // and the step really moved the parameter by Keras's formula (first step: p - lr * g / (|g| + eps))
    const g = values(11);
    const p0 = values(7);
    const first = (() => {
      const p = Float32Array.from(p0);
      kernels().adamUpdate!(p, g, new Float32Array(SIZE), new Float32Array(SIZE), hyper(1));
      return p;
    })();
    for (const i of [0, 1, 4999]) expect(first[i]).toBeCloseTo(p0[i] - (0.01 * g[i]) / (Math.abs(g[i]) + 1e-7), 5);
  });
});

describe('resident memory', () => {
  it('is recycled once its arrays are collected: 200 dropped parameters and their moments leave wasm memory flat', async () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    expect(gc, 'the test runner starts workers with --expose-gc').toBeTypeOf('function');
    const collect = async () => {
      gc!();
      await new Promise((resolve) => setTimeout(resolve, 10)); // finalization callbacks run after the collection
      gc!();
      await new Promise((resolve) => setTimeout(resolve, 10));
    };
    const n = 65536; // 256 KiB each, three per parameter: 150 MB if nothing were recycled
    const round = () => {
      const p = tensor(values(8, n), [n]);
      makeResident(p);
      const m = kernels().optimizerSlot!(n);
      const v = kernels().optimizerSlot!(n);
      kernels().adamUpdate!(p.values, values(9, n), m, v, hyper(1));
      return ctx.arena.residentOffset(p.values)! + ctx.arena.residentOffset(m)! + ctx.arena.residentOffset(v)!;
    };
    for (let i = 0; i < 20; i++) round();
    await collect();
    const bytes = (ctx.arena as unknown as { memory: WebAssembly.Memory }).memory.buffer.byteLength;
    for (let i = 0; i < 200; i++) {
      round();
      if (i % 20 === 19) await collect();
    }
    await collect();
    const grown = (ctx.arena as unknown as { memory: WebAssembly.Memory }).memory.buffer.byteLength - bytes;
    expect(grown).toBeLessThan(32 * 1024 * 1024);
  });

  it('is not kept on an unshared memory, whose views a growth would detach', () => {
    const kernelsWasm = readFileSync(new URL('../wasm/kernels.wasm', import.meta.url));
    const wasm = instantiate(new WebAssembly.Module(unsharedKernels(kernelsWasm)), false);
    const arena = new Arena(wasm.memory, 65536, false);
    expect(arena.resident(SIZE)).toBeNull();
    const shared = new Arena(instantiate(new WebAssembly.Module(kernelsWasm), true).memory, 65536, true);
    expect(shared.resident(SIZE)?.length).toBe(SIZE);
  });

  it('is not placed inside a kernel call, when the operand arena is in use', () => {
    const mark = ctx.arena.mark();
    ctx.arena.alloc(64);
    try {
      expect(ctx.arena.resident(SIZE)).toBeNull();
    } finally {
      ctx.arena.release(mark);
    }
    expect(ctx.arena.resident(SIZE)).not.toBeNull();
  });
});

// A parameter trained by a real optimizer becomes resident on its first step (checked in the optim tests
// against the JS reference); here, that a Tensor whose values moved still behaves as before.
it('a resident tensor reads, reshapes and serializes as before', () => {
  const t: Tensor = tensor(values(12), [SIZE]);
  makeResident(t);
  expect(t.dataSync()).toEqual(values(12));
  expect(t.dataSync()).not.toBe(t.values); // dataSync gives a copy
  expect(Array.from(t.reshape([1, SIZE]).dataSync())).toEqual(Array.from(values(12)));
  expect(t.toArray().length).toBe(SIZE);
});
