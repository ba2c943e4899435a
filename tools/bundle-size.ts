// `pnpm size`: the size of Rectify in a browser bundle, as an application's bundler (esbuild, browser
// conditions, minified) makes it: the whole `@rectify/rectify` package, and a page that uses only tensors and a
// few ops (what tree-shaking leaves), each minified and gzipped, plus the wasm kernels.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../', import.meta.url));

/** Minified and gzipped bytes of a bundle of `source` (an ES module importing from '@rectify/rectify'). */
export async function bundleSize(source: string): Promise<{ minified: number; gzipped: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'rectify-size-'));
  try {
    writeFileSync(join(dir, 'entry.js'), source);
    const result = await build({
      entryPoints: [join(dir, 'entry.js')],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      conditions: ['browser'],
      minify: true,
      treeShaking: true,
      nodePaths: [join(root, 'node_modules')],
      logLevel: 'error',
    });
    const code = result.outputFiles[0].contents;
    return { minified: code.length, gzipped: gzipSync(code, { level: 9 }).length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The kernels' bytes, raw and gzipped. */
export function wasmSize(): { raw: number; gzipped: number } {
  const bytes = readFileSync(join(root, 'packages/core/wasm/kernels.wasm'));
  return { raw: bytes.length, gzipped: gzipSync(bytes, { level: 9 }).length };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  const whole = await bundleSize("export * from '@rectify/rectify';");
  const small = await bundleSize("import { tensor, matmul, relu, ready } from '@rectify/rectify'; await ready(); console.log(relu(matmul(tensor([[1, 2]]), tensor([[3], [4]]))).dataSync());");
  const wasm = wasmSize();
  console.log(`whole package:      ${kb(whole.minified)} minified, ${kb(whole.gzipped)} gzipped`);
  console.log(`tensors + 3 ops:    ${kb(small.minified)} minified, ${kb(small.gzipped)} gzipped`);
  console.log(`wasm kernels:       ${kb(wasm.raw)}, ${kb(wasm.gzipped)} gzipped`);
  console.log(`whole + wasm, gzip: ${kb(whole.gzipped + wasm.gzipped)}`);
}
