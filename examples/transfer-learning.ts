// Transfer learning with graph models: train a trunk on digits 0-4, cut it below its head, freeze it, and
// train a new head on digits 5-9. Only the head's weights move; the frozen trunk is checked to be unchanged.
import { Dense, Model, Tensor, input, setSeed, tensor, type SymbolicTensor } from '@rectify/rectify';
import { loadMnist } from './data/mnist.js';

setSeed(42);
const { train, test } = loadMnist();

/** The samples whose label is in [lo, hi], with labels shifted to start at 0. */
function digitsBetween(images: Tensor, labels: Tensor, lo: number, hi: number): { x: Tensor; y: Tensor } {
  const rows: number[] = [];
  labels.dataSync().forEach((l, i) => l >= lo && l <= hi && rows.push(i));
  const width = images.shape[1];
  const pixels = images.dataSync();
  const x = new Float32Array(rows.length * width);
  rows.forEach((r, i) => x.set(pixels.subarray(r * width, (r + 1) * width), i * width));
  return { x: new Tensor(x, [rows.length, width]), y: tensor(rows.map((r) => labels.dataSync()[r] - lo)) };
}

const low = digitsBetween(train.images, train.labels, 0, 4);
const high = digitsBetween(train.images, train.labels, 5, 9);
const highTest = digitsBetween(test.images, test.labels, 5, 9);

// 1. the trunk and its first head, trained on digits 0-4
const pixels = input({ shape: [784], name: 'pixels' });
const features = new Dense({ units: 64, activation: 'relu', name: 'features' }).apply(new Dense({ units: 256, activation: 'relu', name: 'trunk' }).apply(pixels));
const base = new Model({ name: 'base', inputs: pixels, outputs: new Dense({ units: 5, activation: 'softmax', name: 'head_0_4' }).apply(features) });
base.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
console.log('Training the base model on digits 0-4');
await base.fit(low.x, low.y, { epochs: 3, batchSize: 128, seed: 1 });

// 2. cut it below the head and freeze it
const trunk = new Model({ name: 'frozen_trunk', inputs: base.inputs, outputs: base.getLayer('features').output as SymbolicTensor });
trunk.trainable = false;
const frozenBefore = trunk.getWeights().map((w) => w.dataSync());

// 3. a new head on digits 5-9
const x = input({ shape: [784], name: 'new_pixels' });
const head = new Dense({ units: 5, activation: 'softmax', name: 'head_5_9' });
const tuned = new Model({ name: 'tuned', inputs: x, outputs: head.apply(trunk.apply(x)) });
tuned.summary();
const headBefore = head.getWeights()[0].dataSync();
tuned.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
console.log('\nTraining only the new head on digits 5-9');
await tuned.fit(high.x, high.y, { epochs: 3, batchSize: 128, seed: 2 });

const moved = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).some((v, i) => v !== b[i]);
const trunkMoved = trunk.getWeights().some((w, i) => moved(w.dataSync(), frozenBefore[i]));
console.log(`\ntrunk weights changed: ${trunkMoved} (frozen); head weights changed: ${moved(head.getWeights()[0].dataSync(), headBefore)}`);
console.log(`trainable params: ${tuned.trainableWeights.reduce((n, w) => n + w.size, 0)} of ${tuned.countParams()}`);
const { accuracy } = tuned.evaluate(highTest.x, highTest.y, { batchSize: 256 });
console.log(`test accuracy on digits 5-9 with the frozen 0-4 trunk: ${accuracy.toFixed(3)}`);
