import type * as Rectify from '../../packages/rectify/src/index.js';

/**
 * A small seeded training run (a ReLU network on a fixed synthetic 3-class problem): its loss history,
 * which must come out the same wherever it runs. Takes the library as an argument, so Node and the
 * browser bundle run the same code against their own build.
 */
export async function seededTraining(rf: typeof Rectify): Promise<number[]> {
  rf.setSeed(11);
  const n = 96;
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = Math.sin(1.3 * i), b = Math.cos(0.7 * i + 1), c = Math.sin(0.37 * i * i);
    xs.push(a, b, c, a * b);
    const label = a + b > 0.5 ? 0 : c > 0 ? 1 : 2;
    ys.push(...[0, 1, 2].map((k) => (k === label ? 1 : 0)));
  }
  const model = new rf.Sequential({
    layers: [new rf.Dense({ units: 32, activation: 'relu', inputShape: [4] }), new rf.Dense({ units: 16, activation: 'relu' }), new rf.Dense({ units: 3, activation: 'softmax' })],
  });
  model.compile({ optimizer: new rf.Adam({ learningRate: 0.01 }), loss: 'categoricalCrossentropy' });
  const history = await model.fit(rf.tensor(xs, [n, 4]), rf.tensor(ys, [n, 3]), { epochs: 5, batchSize: 16, seed: 5, verbose: 0 });
  return history.history.loss as number[];
}
