// A small ResNet-style network on real MNIST digits, built with the functional API: two residual blocks
// (Dense + BatchNormalization + ReLU, joined to their input by Add) between a stem and a softmax head.
import { Adam, Add, BatchNormalization, Dense, Model, ReLU, input, setSeed, type SymbolicTensor } from '@rectify/rectify';
import { loadMnist } from './data/mnist.js';

setSeed(42);
const { train, test } = loadMnist();
console.log(`MNIST: ${train.count} training and ${test.count} test digits\n`);

/** x -> relu(x + bn(dense(relu(bn(dense(x)))))): the block learns a correction to its input. */
function residualBlock(x: SymbolicTensor, units: number, name: string): SymbolicTensor {
  let h = new Dense({ units, kernelInitializer: 'heNormal', name: `${name}_dense_a` }).apply(x);
  h = new ReLU({ name: `${name}_relu_a` }).apply(new BatchNormalization({ name: `${name}_bn_a` }).apply(h));
  h = new BatchNormalization({ name: `${name}_bn_b` }).apply(new Dense({ units, kernelInitializer: 'heNormal', name: `${name}_dense_b` }).apply(h));
  return new ReLU({ name: `${name}_out` }).apply(new Add({ name: `${name}_add` }).apply([h, x]) as SymbolicTensor);
}

const pixels = input({ shape: [784], name: 'pixels' });
let h = new Dense({ units: 128, activation: 'relu', kernelInitializer: 'heNormal', name: 'stem' }).apply(pixels);
h = residualBlock(h, 128, 'block1');
h = residualBlock(h, 128, 'block2');
const digits = new Dense({ units: 10, activation: 'softmax', name: 'digits' }).apply(h);
const model = new Model({ inputs: pixels, outputs: digits, name: 'residual_mlp' });
model.summary();

model.compile({ optimizer: new Adam({ learningRate: 0.001 }), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
const started = performance.now();
await model.fit(train.images, train.labels, { epochs: 5, batchSize: 128, validationSplit: 0.1, seed: 42 });
console.log(`\ntrained in ${((performance.now() - started) / 1000).toFixed(1)} s`);
const { accuracy } = model.evaluate(test.images, test.labels, { batchSize: 256 });
console.log(`test accuracy: ${accuracy.toFixed(3)}`);
