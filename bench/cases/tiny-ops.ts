// Per-op overhead on tiny [4, 4] tensors, microseconds per op (lower is better).
import { argImpl, loadTf, quick, report } from '../lib/impl.js';

const impl = argImpl();
const reps = quick ? 2000 : 20000;
const data = Float32Array.from({ length: 16 }, (_, i) => i - 8);
const result: Record<string, number> = {};

if (impl === 'rectify') {
  const r = await import('@rectify/rectify');
  const a = r.tensor(data, [4, 4]);
  const ops: Record<string, () => unknown> = { add: () => r.add(a, a), relu: () => r.relu(a), matmul: () => r.matmul(a, a) };
  for (const [name, op] of Object.entries(ops)) {
    for (let i = 0; i < 200; i++) op();
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) op();
    result[`${name} [4,4] us/op`] = ((performance.now() - t0) * 1000) / reps;
  }
} else {
  const tf = await loadTf(impl);
  const a = tf.tensor2d(data, [4, 4]);
  // a TF.js user must read results back (dataSync) and free them (dispose)
  const ops: Record<string, () => void> = {
    add: () => { const y = tf.add(a, a); y.dataSync(); y.dispose(); },
    relu: () => { const y = tf.relu(a); y.dataSync(); y.dispose(); },
    matmul: () => { const y = tf.matMul(a, a); y.dataSync(); y.dispose(); },
  };
  for (const [name, op] of Object.entries(ops)) {
    for (let i = 0; i < 200; i++) op();
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) op();
    result[`${name} [4,4] us/op`] = ((performance.now() - t0) * 1000) / reps;
  }
}
report(result);
