// Builds the playground into a static folder: the page and worker bundles (esbuild, browser conditions,
// minified), the wasm kernels, and the digits of the `mnist` package packed as bytes.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** Writes `mnist.bin`: a uint32 count, the labels, then 784 uint8 pixels per digit, `perClass` of each class. */
function packDigits(file: string, perClass: number): number {
  const folder = join(dirname(require.resolve('mnist/package.json')), 'src/digits');
  const classes = Array.from({ length: 10 }, (_, d) => (JSON.parse(readFileSync(join(folder, `${d}.json`), 'utf8')) as { data: number[] }).data);
  const counts = classes.map((c) => Math.min(perClass, Math.floor(c.length / 784)));
  const total = counts.reduce((a, b) => a + b, 0);
  const out = new Uint8Array(4 + total * 785);
  new DataView(out.buffer).setUint32(0, total, true);
  // interleave the classes, so any run of ten digits (the test split takes every tenth run) covers all of them
  let k = 0;
  for (let i = 0; i < perClass; i++) for (let d = 0; d < 10; d++) {
    if (i >= counts[d]) continue;
    out[4 + k] = d;
    for (let p = 0; p < 784; p++) out[4 + total + k * 784 + p] = Math.round(255 * classes[d][i * 784 + p]);
    k++;
  }
  writeFileSync(file, out);
  return total;
}

/** Builds into `outdir`; `perClass` digits of each class (the mnist package has about 1000). */
export async function buildPlayground(outdir: string, options: { perClass?: number; minify?: boolean } = {}): Promise<{ digits: number }> {
  mkdirSync(outdir, { recursive: true });
  await build({
    entryPoints: { main: join(here, 'src/main.ts'), worker: join(here, 'src/worker/train-worker.ts') },
    outdir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['browser'],
    minify: options.minify ?? true,
    sourcemap: true,
    logLevel: 'error',
  });
  for (const f of ['index.html', 'style.css']) copyFileSync(join(here, f), join(outdir, f));
  copyFileSync(join(here, '../packages/core/wasm/kernels.wasm'), join(outdir, 'kernels.wasm'));
  return { digits: packDigits(join(outdir, 'mnist.bin'), options.perClass ?? 600) };
}
