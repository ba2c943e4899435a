// GEMM throughput, GFLOP/s: square n x n float32 products, and the three products of one training step
// of the bench MLP's first layer (batch 128, 784 -> 128): forward x·W, weight gradient xᵀ·dy, input gradient dy·Wᵀ.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { argImpl, loadRectify, loadTf, python, blasEnv, quick, report } from '../lib/impl.js';

const impl = argImpl();
interface Product { name: string; m: number; n: number; k: number; transA: boolean; transB: boolean }
const square = (n: number): Product => ({ name: `gemm ${n}`, m: n, n, k: n, transA: false, transB: false });
const products: Product[] = [
  ...(quick ? [64, 128] : [64, 128, 256, 512, 1024]).map(square),
  { name: 'mlp fwd 128x784x128', m: 128, n: 128, k: 784, transA: false, transB: false },
  { name: 'mlp dW 784x128x128 (Aᵀ)', m: 784, n: 128, k: 128, transA: true, transB: false },
  { name: 'mlp dX 128x128x784 (Bᵀ)', m: 128, n: 784, k: 128, transA: false, transB: true },
];
const values = (count: number, seed: number) => Float32Array.from({ length: count }, (_, i) => Math.sin(i + seed));
const result: Record<string, number> = {};
const budget = quick ? 2e7 : 2e9;

if (impl === 'pytorch') {
  const script = fileURLToPath(new URL('../pytorch/gemm.py', import.meta.url));
  const run = spawnSync(python, [script, JSON.stringify(products), '1,2', String(budget)], { encoding: 'utf8', env: blasEnv() });
  if (run.status !== 0) throw new Error(`PyTorch gemm: ${run.stderr.trim().split('\n').at(-1) ?? `exit ${run.status}`}`);
  report(JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Record<string, number>);
  process.exit(0);
}
const rectify = impl === 'rectify' || impl === 'rectify-native';
const tf = rectify ? null : await loadTf(impl);
const r = rectify ? await loadRectify(impl) : null;

for (const p of products) {
  const aShape = p.transA ? [p.k, p.m] : [p.m, p.k];
  const bShape = p.transB ? [p.n, p.k] : [p.k, p.n];
  const flops = 2 * p.m * p.n * p.k;
  // about 2 GFLOP per product: long enough that a shared machine's hiccups average out
  const reps = Math.max(5, Math.round(budget / flops));
  let run: () => void;
  if (r) {
    const a = r.tensor(values(p.m * p.k, 1), aShape);
    const b = r.tensor(values(p.k * p.n, 2), bShape);
    run = () => r.matmul(a, b, p.transA, p.transB);
  } else {
    const a = tf!.tensor(values(p.m * p.k, 1), aShape);
    const b = tf!.tensor(values(p.k * p.n, 2), bShape);
    // a TF.js user reads the result back (dataSync) and frees it (dispose)
    run = () => {
      const c = tf!.matMul(a as any, b as any, p.transA, p.transB);
      c.dataSync();
      c.dispose();
    };
  }
  for (let i = 0; i < Math.max(2, reps / 10); i++) run(); // warm-up: both JITs tiered up, memory grown
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) run();
  result[`${p.name} GFLOP/s`] = (flops * reps) / ((performance.now() - t0) / 1000) / 1e9;
}
report(result);
