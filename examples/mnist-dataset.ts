// The main job fed through a dataset: the same ReLU network, with the digits coming from a lazy pipeline
// (a generator of samples, shuffled in a buffer, batched, prefetched) instead of two tensors in memory.
// This is the shape of code that trains on data too large to hold: swap the generator for data.csv or a
// reader of image files and nothing else changes.
import { Adam, Dense, Dropout, Sequential, data, setSeed } from '@rectify/rectify';
import { loadMnist } from './data/mnist.js';

setSeed(42);
const { train, test } = loadMnist();
console.log(`MNIST: ${train.count} training and ${test.count} test digits, streamed as a dataset\n`);

/** One sample at a time: { xs: 784 pixels, ys: [label] }. */
function* samples(split: typeof train) {
  const pixels = split.images.dataSync();
  const labels = split.labels.dataSync();
  for (let i = 0; i < split.count; i++) yield { xs: Array.from(pixels.subarray(i * 784, (i + 1) * 784)), ys: labels[i] };
}

const trainSet = data.generator(() => samples(train)).shuffle(2048, 42).batch(64).prefetch(4);
const testSet = data.generator(() => samples(test)).batch(256);

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
await model.fit(trainSet, { epochs: 12, validationData: testSet });
const seconds = (performance.now() - started) / 1000;
const { loss, accuracy } = await model.evaluate(testSet);
console.log(`\ntrained in ${seconds.toFixed(1)} s`);
console.log(`test loss: ${loss.toFixed(4)}`);
console.log(`test accuracy: ${accuracy.toFixed(3)}`);
