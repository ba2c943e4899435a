// A small convolutional network on real MNIST digits: Conv2D + MaxPooling2D + Dense.
import { Adam, Conv2D, Dense, Dropout, Flatten, MaxPooling2D, Sequential, setSeed } from '@rectify/rectify';
import { loadMnist } from './data/mnist.js';

setSeed(42);
const { train, test } = loadMnist();
const images = train.images.reshape([train.count, 28, 28, 1]);
const testImages = test.images.reshape([test.count, 28, 28, 1]);
console.log(`MNIST: ${train.count} training and ${test.count} test digits\n`);

const model = new Sequential({
  name: 'mnist_cnn',
  layers: [
    new Conv2D({ filters: 16, kernelSize: 3, activation: 'relu', kernelInitializer: 'heNormal', inputShape: [28, 28, 1] }),
    new MaxPooling2D({ poolSize: 2 }),
    new Conv2D({ filters: 32, kernelSize: 3, activation: 'relu', kernelInitializer: 'heNormal' }),
    new MaxPooling2D({ poolSize: 2 }),
    new Flatten(),
    new Dropout({ rate: 0.3, seed: 1 }),
    new Dense({ units: 10, activation: 'softmax' }),
  ],
});
model.summary();
model.compile({ optimizer: new Adam({ learningRate: 0.002 }), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });

const started = performance.now();
await model.fit(images, train.labels, { epochs: 6, batchSize: 64, seed: 42 });
console.log(`\ntrained in ${((performance.now() - started) / 1000).toFixed(1)} s`);
const { accuracy } = model.evaluate(testImages, test.labels, { batchSize: 256 });
console.log(`test accuracy: ${accuracy.toFixed(3)}`);
