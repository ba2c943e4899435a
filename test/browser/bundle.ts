import { copyFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Bundles browser entries into `outdir` (ES modules, named after the keys of `entries`) the way an
 * application's bundler would: the `browser` export conditions, no Node built-ins. The wasm kernels are
 * copied beside them as `kernels.wasm`.
 */
export async function bundleForBrowser(entries: Record<string, string>, outdir: string, options: { minify?: boolean } = {}): Promise<void> {
  mkdirSync(outdir, { recursive: true });
  await build({
    entryPoints: Object.fromEntries(Object.entries(entries).map(([name, file]) => [name, `${root}${file}`])),
    outdir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['browser'],
    minify: options.minify ?? false,
    logLevel: 'error',
  });
  copyFileSync(`${root}packages/core/wasm/kernels.wasm`, `${outdir}/kernels.wasm`);
}
