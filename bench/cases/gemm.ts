// GEMM throughput: C = A·B for square n x n float32 matrices, GFLOP/s.
import { argImpl, loadTf, quick, report } from '../lib/impl.js';

const impl = argImpl();
const sizes = quick ? [64, 128] : [64, 128, 256, 512];
const result: Record<string, number> = {};
const values = (n: number) => Float32Array.from({ length: n * n }, (_, i) => Math.sin(i));

for (const n of sizes) {
  const reps = Math.max(3, Math.round((quick ? 2e7 : 2e8) / (2 * n ** 3)));
  let seconds: number;
  if (impl === 'rectify') {
    const { tensor, matmul } = await import('rectify');
    const a = tensor(values(n), [n, n]);
    const b = tensor(values(n), [n, n]);
    matmul(a, b);
    const t0 = performance.now();
    for (let r = 0; r < reps; r++) matmul(a, b);
    seconds = (performance.now() - t0) / 1000;
  } else {
    const tf = await loadTf(impl);
    const a = tf.tensor2d(values(n), [n, n]);
    const b = tf.tensor2d(values(n), [n, n]);
    tf.matMul(a, b).dataSync();
    const t0 = performance.now();
    for (let r = 0; r < reps; r++) {
      const c = tf.matMul(a, b);
      c.dataSync();
      c.dispose();
    }
    seconds = (performance.now() - t0) / 1000;
  }
  result[`gemm ${n} GFLOP/s`] = (2 * n ** 3 * reps) / seconds / 1e9;
}
report(result);
