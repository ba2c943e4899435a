// The main job: a ReLU network learns to read real handwritten digits.
import { Adam, Dense, Dropout, Sequential, setSeed } from '@rectify/rectify';
import { loadMnist } from './data/mnist.js';

setSeed(42);
const { train, test } = loadMnist();
console.log(`MNIST: ${train.count} training and ${test.count} test digits (28x28, from the mnist package)\n`);

const model = new Sequential({
  name: 'mnist_mlp',
  layers: [
    new Dense({ units: 512, activation: 'relu', kernelInitializer: 'heNormal', inputShape: [784] }),
    new Dropout({ rate: 0.5, seed: 7 }),
    new Dense({ units: 128, activation: 'relu', kernelInitializer: 'heNormal' }),
    new Dense({ units: 10, activation: 'softmax' }),
  ],
});
model.summary();
model.compile({ optimizer: new Adam({ learningRate: 0.001 }), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });

const started = performance.now();
await model.fit(train.images, train.labels, { epochs: 12, batchSize: 64, validationSplit: 0.05, seed: 42 });
const seconds = (performance.now() - started) / 1000;

const { loss, accuracy } = model.evaluate(test.images, test.labels, { batchSize: 256 });
console.log(`\ntrained in ${seconds.toFixed(1)} s`);
console.log(`test loss: ${loss.toFixed(4)}`);
console.log(`test accuracy: ${accuracy.toFixed(3)}`);
