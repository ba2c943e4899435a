// Sets up the implementation a bench case runs: Rectify, or TF.js on its cpu or wasm backend.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type ImplName = 'rectify' | 'tfjs-wasm' | 'tfjs-cpu';

export async function loadTf(impl: ImplName): Promise<typeof import('@tensorflow/tfjs')> {
  const tf = await import('@tensorflow/tfjs');
  if (impl === 'tfjs-wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const require = createRequire(import.meta.url);
    wasm.setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), '/'));
    await tf.setBackend('wasm');
  } else await tf.setBackend('cpu');
  await tf.ready();
  return tf;
}

/** The case's result, printed as the last line of stdout for the runner to read. */
export function report(result: Record<string, number>): void {
  result.peakRssMB = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify(result));
}

export function argImpl(): ImplName {
  const impl = process.argv[2] as ImplName;
  if (!['rectify', 'tfjs-wasm', 'tfjs-cpu'].includes(impl)) throw new Error(`bench case: unknown implementation '${impl}'`);
  return impl;
}

export const quick = process.argv.includes('--quick');
