// Eight activations on the same MNIST network, data and seed: accuracy, training time and sparsity of the hidden
// layer. Writes each activation's curve (with its autograd derivative) and training history as SVG.
import { mkdirSync, writeFileSync } from 'node:fs';
import { Adam, Dense, ELU, GELU, LeakyReLU, PReLU, ReLU, Sequential, Sigmoid, Swish, Tanh, activationStats, plot, setSeed, type Layer } from '@rectify/rectify';
import { loadMnist } from './data/mnist.js';

const out = new URL('./output/', import.meta.url);
mkdirSync(out, { recursive: true });
const { train, test } = loadMnist({ limit: 4000 });
const probe = test.images.slice([0, 0], [500, 784]);
const contenders: Array<[string, () => Layer]> = [
  ['ReLU', () => new ReLU()], ['LeakyReLU', () => new LeakyReLU({ alpha: 0.1 })], ['PReLU', () => new PReLU()], ['ELU', () => new ELU()],
  ['Swish', () => new Swish()], ['GELU', () => new GELU()], ['sigmoid', () => new Sigmoid()], ['tanh', () => new Tanh()],
];

console.log('784 -> Dense(128) -> activation -> Dense(10), Adam 1e-3, 4 epochs on 4,000 digits, same seed\n');
console.log(['activation', 'test acc', 'time (s)', 'sparsity', 'learned'].map((c, i) => (i ? c.padStart(11) : c.padEnd(11))).join(''));
for (const [name, make] of contenders) {
  setSeed(7);
  const activation = make();
  const model = new Sequential({ layers: [new Dense({ units: 128, inputShape: [784], kernelInitializer: 'heNormal' }), activation, new Dense({ units: 10, activation: 'softmax' })] });
  model.compile({ optimizer: new Adam(), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  const t0 = performance.now();
  const history = await model.fit(train.images, train.labels, { epochs: 4, batchSize: 64, verbose: 0, seed: 7, validationSplit: 0.1 });
  const seconds = (performance.now() - t0) / 1000;
  const { accuracy } = model.evaluate(test.images, test.labels);
  const sparsity = activationStats(model, probe)[1].sparsity;
  const learned = '  ' + (activation instanceof Swish ? `beta ${activation.beta.item().toFixed(2)}` : activation instanceof PReLU ? `alpha ${(Array.from(activation.alpha.dataSync()).reduce((a, b) => a + b, 0) / activation.alpha.size).toFixed(3)}` : '');
  console.log([name.padEnd(11), accuracy.toFixed(3), seconds.toFixed(1), `${(100 * sparsity).toFixed(0)}%`, learned].map((c, i) => (i ? c.padStart(11) : c)).join(''));
  writeFileSync(new URL(`${name}.svg`, out), plot.activation(activation, { from: -4, to: 4, title: `${name} after training` }));
  writeFileSync(new URL(`${name}-history.svg`, out), plot.history(history));
}
console.log(`\nplots written to ${out.pathname}`);
