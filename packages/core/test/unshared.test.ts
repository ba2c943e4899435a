import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { instantiate } from '../src/backend/wasm/module.js';
import { unsharedKernels } from '../src/backend/wasm/unshared.js';

const kernels = readFileSync(new URL('../wasm/kernels.wasm', import.meta.url));

describe('unsharedKernels', () => {
  it('gives the same kernels on an unshared memory, computing the same values', () => {
    const bytes = unsharedKernels(kernels);
    expect(bytes.length).toBe(kernels.length);
    expect(bytes.reduce((n, b, i) => n + (b === kernels[i] ? 0 : 1), 0)).toBe(1); // one flag byte
    const results = [true, false].map((shared) => {
      const wasm = instantiate(new WebAssembly.Module(shared ? kernels : bytes), shared);
      expect(wasm.memory.buffer instanceof SharedArrayBuffer).toBe(shared);
      const f32 = new Float32Array(wasm.memory.buffer);
      const x = 65536, out = x + 64 * 4;
      f32.set(Array.from({ length: 64 }, (_, i) => Math.sin(i)), x / 4);
      wasm.exports.unary(7, x, out, 64); // exp
      return Array.from(f32.subarray(out / 4, out / 4 + 64));
    });
    expect(results[1]).toEqual(results[0]);
    expect(results[0][1]).toBeCloseTo(Math.exp(Math.sin(1)), 5);
  });

  it('the shared kernels refuse an unshared memory (why the flag must change)', () => {
    expect(() => instantiate(new WebAssembly.Module(kernels), false)).toThrow(WebAssembly.LinkError);
  });

  it('says what is wrong with a module it cannot patch', () => {
    const noImports = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
    expect(() => unsharedKernels(noImports)).toThrow("wasm backend: cannot declare the kernels' memory unshared: it imports no memory");
    expect(() => unsharedKernels(new Uint8Array([...noImports, 0x02, 0x85]))).toThrow("wasm backend: cannot declare the kernels' memory unshared: truncated module");
  });
});
