// Dying ReLUs, reproduced: one epoch at a learning rate that is far too high pushes most ReLU units to
// never fire again. Then training continues at a sound learning rate: a dead unit gets no gradient, so the
// ReLU network stays crippled, while LeakyReLU, PReLU and ELU (whose negative side still passes gradient)
// keep every unit alive and recover.
import { Adam, Dense, DeadUnitMonitor, ELU, LeakyReLU, PReLU, ReLU, Sequential, activationStats, setSeed, type Layer } from '@rectify/rectify';
import { loadMnist } from './data/mnist.js';

const { train, test } = loadMnist({ limit: 3000 });
const probe = train.images.slice([0, 0], [500, 784]);
const variants: Array<[string, () => Layer]> = [['ReLU', () => new ReLU()], ['LeakyReLU', () => new LeakyReLU({ alpha: 0.1 })], ['PReLU', () => new PReLU()], ['ELU', () => new ELU()]];

console.log('Dense(128) -> activation -> Dense(128) -> activation -> Dense(10) on 3,000 MNIST digits');
console.log('damage: 1 epoch of Adam at learning rate 0.05 (50x the default); recovery: 5 more epochs at 0.001\n');
console.log('activation'.padEnd(12) + 'after damage: dead (1 / 2)'.padStart(28) + 'accuracy'.padStart(10) + 'after recovery: dead (1 / 2)'.padStart(31) + 'accuracy'.padStart(10));
const dead = (model: Sequential) => {
  const stats = activationStats(model, probe);
  return [stats[1], stats[3]].map((s) => `${(100 * s.deadFraction).toFixed(0)}%`).join(' / ');
};
for (const [name, make] of variants) {
  setSeed(3);
  const model = new Sequential({
    layers: [new Dense({ units: 128, inputShape: [784], name: 'dense_a' }), make(), new Dense({ units: 128, name: 'dense_b' }), make(), new Dense({ units: 10, activation: 'softmax' })],
  });
  const optimizer = new Adam({ learningRate: 0.05 });
  model.compile({ optimizer, loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  const warnings: string[] = [];
  const monitor = new DeadUnitMonitor({ data: probe, warnAbove: 0.3, logger: (m) => warnings.push(m) });
  await model.fit(train.images, train.labels, { epochs: 1, batchSize: 32, verbose: 0, seed: 3, callbacks: [monitor] });
  const damaged = [dead(model), model.evaluate(test.images, test.labels).accuracy.toFixed(3)];
  optimizer.learningRate = 0.001;
  await model.fit(train.images, train.labels, { epochs: 5, batchSize: 32, verbose: 0, seed: 3 });
  const recovered = [dead(model), model.evaluate(test.images, test.labels).accuracy.toFixed(3)];
  console.log(name.padEnd(12) + damaged[0].padStart(28) + damaged[1].padStart(10) + recovered[0].padStart(31) + recovered[1].padStart(10));
  if (warnings.length) console.log(`  ${warnings.at(-1)}`);
}
console.log('\nA dead unit outputs 0 for every probe digit, so it gets no gradient: the lower learning rate cannot');
console.log('bring it back, and the ReLU network recovers with the few units it has left. The variants lost none.');
