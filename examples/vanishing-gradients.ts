// Vanishing gradients, measured: 10-layer nets with sigmoid, tanh and ReLU (He init) on real MNIST digits.
// Prints the gradient norm reaching each layer's kernel, then the test accuracy after a short training.
import { Adam, Dense, Sequential, gradientStats, setSeed, type ActivationName, type InitializerName } from '@rectify/rectify';
import { loadMnist } from './data/mnist.js';

const { train, test } = loadMnist({ limit: 3000 });
const probeX = train.images.slice([0, 0], [256, 784]);
const probeY = train.labels.slice([0], [256]);
const depth = 10;

function deepNet(activation: ActivationName, kernelInitializer: InitializerName): Sequential {
  const layers = [new Dense({ units: 64, activation, kernelInitializer, inputShape: [784] })];
  for (let i = 1; i < depth; i++) layers.push(new Dense({ units: 64, activation, kernelInitializer }));
  const model = new Sequential({ layers: [...layers, new Dense({ units: 10, activation: 'softmax' })] });
  model.compile({ optimizer: new Adam({ learningRate: 0.001 }), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

const setups: Array<[string, ActivationName, InitializerName]> = [['sigmoid', 'sigmoid', 'glorotUniform'], ['tanh', 'tanh', 'glorotUniform'], ['relu (He)', 'relu', 'heNormal']];
const norms: Record<string, number[]> = {};
const accuracy: Record<string, number> = {};
for (const [label, activation, init] of setups) {
  setSeed(1);
  const model = deepNet(activation, init);
  norms[label] = gradientStats(model, probeX, probeY).filter((r) => r.weight === 'kernel').map((r) => r.gradNorm);
  await model.fit(train.images, train.labels, { epochs: 2, batchSize: 64, verbose: 0, seed: 1 });
  accuracy[label] = model.evaluate(test.images, test.labels).accuracy;
}

console.log(`Gradient norm of each layer's kernel at initialization (${depth} hidden layers of 64 units, 256 MNIST digits)\n`);
console.log(['layer', ...setups.map(([l]) => l)].map((c) => c.padStart(12)).join(''));
for (let i = 0; i <= depth; i++) {
  console.log([`${i === depth ? 'output' : `dense ${i + 1}`}`, ...setups.map(([l]) => norms[l][i].toExponential(2))].map((c) => c.padStart(12)).join(''));
}
console.log(`\nfirst layer / last hidden layer: ${setups.map(([l]) => `${l} ${(norms[l][0] / norms[l][depth - 1]).toExponential(1)}`).join(', ')}`);
console.log(`test accuracy after 2 epochs on 3,000 digits: ${setups.map(([l]) => `${l} ${accuracy[l].toFixed(3)}`).join(', ')}`);
