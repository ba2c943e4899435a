// Dying ReLUs, reproduced: a too-high learning rate pushes ReLU units to never fire again. LeakyReLU, PReLU
// and ELU under the same settings keep gradient flowing through negative inputs, so their units stay alive.
import { Adam, Dense, DeadUnitMonitor, ELU, LeakyReLU, PReLU, ReLU, Sequential, activationStats, setSeed, type Layer } from 'rectify';
import { loadMnist } from './data/mnist.js';

const { train, test } = loadMnist({ limit: 3000 });
const probe = train.images.slice([0, 0], [500, 784]);
const variants: Array<[string, () => Layer]> = [['ReLU', () => new ReLU()], ['LeakyReLU', () => new LeakyReLU({ alpha: 0.1 })], ['PReLU', () => new PReLU()], ['ELU', () => new ELU()]];

console.log('Dense(128) -> activation -> Dense(128) -> activation -> Dense(10), Adam with learning rate 0.05 (50x the default: too high)\n');
console.log('activation'.padEnd(12) + 'dead units (layer 1 / 2)'.padStart(28) + 'test accuracy'.padStart(16));
for (const [name, make] of variants) {
  setSeed(3);
  const model = new Sequential({
    layers: [new Dense({ units: 128, inputShape: [784], name: 'dense_a' }), make(), new Dense({ units: 128, name: 'dense_b' }), make(), new Dense({ units: 10, activation: 'softmax' })],
  });
  model.compile({ optimizer: new Adam({ learningRate: 0.05 }), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  const warnings: string[] = [];
  await model.fit(train.images, train.labels, { epochs: 3, batchSize: 32, verbose: 0, seed: 3, callbacks: [new DeadUnitMonitor({ data: probe, warnAbove: 0.3, logger: (m) => warnings.push(m) })] });
  const stats = activationStats(model, probe);
  const dead = [stats[1], stats[3]].map((s) => `${(100 * s.deadFraction).toFixed(0)}%`).join(' / ');
  const { accuracy } = model.evaluate(test.images, test.labels);
  console.log(name.padEnd(12) + dead.padStart(28) + accuracy.toFixed(3).padStart(16));
  if (warnings.length) console.log(`  ${warnings.at(-1)}`);
}
console.log('\nA dead unit outputs 0 for every probe digit, so it gets no gradient and cannot recover.');
