import { describe, expect, it } from 'vitest';
import { bundleSize, wasmSize } from '../../tools/bundle-size.js';

// Budgets for the browser bundle (README: "Size"), well above today's sizes so only a real regression trips them.
describe('the browser bundle', () => {
  it('stays small: the whole package with its kernels under 150 KiB gzipped', async () => {
    const whole = await bundleSize("export * from '@rectify/rectify';");
    const wasm = wasmSize();
    expect(whole.gzipped + wasm.gzipped).toBeLessThan(150 * 1024);
  });

  it('bundles without Node built-ins and tree-shakes: a page using a few ops is smaller than the whole', async () => {
    const whole = await bundleSize("export * from '@rectify/rectify';");
    const small = await bundleSize("import { tensor, relu } from '@rectify/rectify'; console.log(relu(tensor([1, -1])).dataSync());");
    expect(small.minified).toBeLessThan(whole.minified);
  });
});
