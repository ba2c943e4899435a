// Where splitting a matrix product across two threads starts to pay: each product timed on one thread
// and on two, alternating in short rounds, best round of each (the least disturbed by other load on a
// shared machine). Guides wasmLimits.threadWork. Run: pnpm build && tsx bench/crossover.ts
import * as r from '@rectify/rectify';
import { wasmLimits } from '../packages/core/dist/backend/wasm/limits.js';

const products: Array<[string, number, number, number, boolean, boolean]> = [
  ['square 64', 64, 64, 64, false, false],
  ['square 96', 96, 96, 96, false, false],
  ['square 128', 128, 128, 128, false, false],
  ['128x64x64', 128, 64, 64, false, false],
  ['32x256x256', 32, 256, 256, false, false],
  ['mlp out 128x128x10', 128, 10, 128, false, false],
  ['cnn dense 128x2704x10', 128, 10, 2704, false, false],
  ['wide 2 fwd 128x512x128', 128, 128, 512, false, false],
  ['mlp fwd 128x784x128', 128, 128, 784, false, false],
  ['mlp dW 784x128x128 (Aᵀ)', 784, 128, 128, true, false],
  ['mlp dX 128x128x784 (Bᵀ)', 128, 784, 128, false, true],
  ['square 256', 256, 256, 256, false, false],
  ['wide fwd 128x784x512', 128, 512, 784, false, false],
  ['cnn conv 86528x16x9', 86528, 16, 9, false, false],
  ['cnn conv dW 9x16x86528 (Aᵀ)', 9, 16, 86528, true, false],
  ['square 512', 512, 512, 512, false, false],
  ['square 1024', 1024, 1024, 1024, false, false],
];
const values = (n: number, seed: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i + seed));
r.setNumThreads(2);
console.log('product                     M MACs   1 thread us  2 threads us  speedup');
for (const [name, m, n, k, ta, tb] of products) {
  const a = r.tensor(values(m * k, 1), ta ? [k, m] : [m, k]);
  const b = r.tensor(values(k * n, 2), tb ? [n, k] : [k, n]);
  const reps = Math.max(5, Math.round(2e7 / (m * n * k)));
  const round = (threadWork: number) => {
    wasmLimits.threadWork = threadWork;
    r.matmul(a, b, ta, tb);
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) r.matmul(a, b, ta, tb);
    return ((performance.now() - t0) * 1000) / reps;
  };
  let one = Infinity;
  let two = Infinity;
  for (let i = 0; i < 15; i++) {
    one = Math.min(one, round(Infinity));
    two = Math.min(two, round(0));
  }
  console.log(`${name.padEnd(26)} ${((m * n * k) / 1e6).toFixed(2).padStart(7)} ${one.toFixed(0).padStart(13)} ${two.toFixed(0).padStart(13)} ${(one / two).toFixed(2).padStart(8)}`);
}
