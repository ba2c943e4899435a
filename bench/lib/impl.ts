// Sets up the implementation a bench case runs: Rectify (on its default or native backend), TF.js on its
// cpu or wasm backend, or PyTorch on the CPU (training cases only, through bench/pytorch).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const implNames = ['rectify', 'rectify-native', 'tfjs-wasm', 'tfjs-cpu', 'pytorch'] as const;
export type ImplName = (typeof implNames)[number];

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

/** Rectify, on the native backend for 'rectify-native' (which must then be built). */
export async function loadRectify(impl: ImplName): Promise<typeof import('@rectify/rectify')> {
  const r = await import('@rectify/rectify');
  if (impl === 'rectify-native') {
    const status = (await import('@rectify/native')).nativeStatus();
    if (!status.available) throw new Error(`the native backend is ${status.reason}`);
    r.setBackend('native');
  }
  return r;
}

/** The case's result, printed as the last line of stdout for the runner to read. */
export function report(result: Record<string, number>): void {
  result.peakRssMB ??= process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify(result));
}

export function argImpl(): ImplName {
  const impl = process.argv[2] as ImplName;
  if (!implNames.includes(impl)) throw new Error(`bench case: unknown implementation '${impl}'`);
  return impl;
}

export const quick = process.argv.includes('--quick');

/** The Python that runs the PyTorch reference: /usr/bin/python3 unless RECTIFY_BENCH_PYTHON names another. */
export const python = process.env.RECTIFY_BENCH_PYTHON ?? '/usr/bin/python3';

/**
 * The environment PyTorch and the native backend run in: OpenBLAS picks its own core type and cache
 * sizes (machine-wide overrides of them are dropped for these processes only).
 */
export function blasEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  return env;
}

/** Why PyTorch cannot run here, or null when `import torch` works. */
export function pytorchMissing(): string | null {
  const run = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8', env: blasEnv() });
  if (run.error) return `${python} did not start (${run.error.message})`;
  return run.status === 0 ? null : `${python} -c 'import torch' failed: ${run.stderr.trim().split('\n').at(-1)}`;
}
