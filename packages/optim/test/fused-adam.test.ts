import { afterEach, describe, expect, it, vi } from 'vitest';
import { kernels, setBackend, tensor, type Tensor } from '@rectify/core';
import { Adam, AdamW } from '../src/index.js';

// The wasm backend runs Adam as one SIMD kernel over moments kept in wasm memory (for a parameter past the
// wasm size limit); these check it against the formula and the JS reference loop.
const SIZE = 5003; // past the limit, with a tail after the last whole vector
const w0 = Float32Array.from({ length: SIZE }, (_, i) => Math.sin(0.7 * i));
const grad = (step: number) => Float32Array.from({ length: SIZE }, (_, i) => Math.cos(0.3 * i + step) + 0.2 * w0[i]);

afterEach(() => setBackend('wasm'));

function train(backend: string, make: () => Adam, steps = 8): { p: Tensor; opt: Adam } {
  setBackend(backend);
  const p = tensor(w0.slice(), [SIZE], { requiresGrad: true });
  const opt = make();
  for (let s = 0; s < steps; s++) {
    p.grad = tensor(grad(s), [SIZE]);
    opt.step([p]);
  }
  return { p, opt };
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

describe('fused Adam on the wasm backend', () => {
  it("runs as the fused kernel and matches Keras's formula over 8 steps", () => {
    setBackend('wasm');
    const fused = vi.spyOn(kernels(), 'adamUpdate');
    const { p } = train('wasm', () => new Adam({ learningRate: 0.01 }));
    expect(fused).toHaveBeenCalledTimes(8);
    expect(fused.mock.results.every((r) => r.value === true)).toBe(true);
    fused.mockRestore();
    // Keras 3: alpha = lr sqrt(1 - b2^t) / (1 - b1^t); p -= alpha m / (sqrt(v) + eps), in float64 here
    const want = Float64Array.from(w0);
    const m = new Float64Array(SIZE);
    const v = new Float64Array(SIZE);
    for (let s = 0; s < 8; s++) {
      const g = grad(s);
      const alpha = (0.01 * Math.sqrt(1 - 0.999 ** (s + 1))) / (1 - 0.9 ** (s + 1));
      for (let i = 0; i < SIZE; i++) {
        m[i] = 0.9 * m[i] + 0.1 * g[i];
        v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
        want[i] -= (alpha * m[i]) / (Math.sqrt(v[i]) + 1e-7);
      }
    }
    expect(maxDiff(p.values, want)).toBeLessThan(1e-6);
  });

  it('moves the parameter into wasm memory on its first step, then updates it there in place', () => {
    setBackend('wasm');
    const p = tensor(w0.slice(), [SIZE], { requiresGrad: true });
    const opt = new Adam({ learningRate: 0.01 });
    p.grad = tensor(grad(0), [SIZE]);
    opt.step([p]);
    const moved = p.values;
    expect(moved.buffer).toBeInstanceOf(SharedArrayBuffer); // a view over the kernels' shared memory
    p.grad = tensor(grad(1), [SIZE]);
    opt.step([p]);
    expect(p.values).toBe(moved);
    expect(maxDiff(p.values, w0)).toBeGreaterThan(1e-3);
  });

  it('matches the JS reference loop, for Adam and AdamW', () => {
    for (const make of [() => new Adam({ learningRate: 0.003 }), () => new AdamW({ learningRate: 0.003, weightDecay: 0.01 })]) {
      const fused = train('wasm', make).p.dataSync();
      const reference = train('js', make).p.dataSync();
      expect(maxDiff(fused, reference)).toBeLessThan(1e-6);
      expect(maxDiff(fused, w0)).toBeGreaterThan(1e-3); // it did move
    }
  });

  it('state exported from wasm slots resumes identically', () => {
    const make = () => new Adam({ learningRate: 0.01 });
    const straight = train('wasm', make, 6).p.dataSync();
    const { p, opt } = train('wasm', make, 3);
    const resumed = make();
    resumed.setState([p], opt.getState([p]));
    for (let s = 3; s < 6; s++) {
      p.grad = tensor(grad(s), [SIZE]);
      resumed.step([p]);
    }
    expect(maxDiff(p.dataSync(), straight)).toBe(0);
  });
});
