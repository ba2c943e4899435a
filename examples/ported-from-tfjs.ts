// A TensorFlow.js program ported to Rectify: only the import line changed. It trains XOR with the TF.js
// idioms (factory namespaces, positional optimizer arguments, plain-object callbacks, tidy and dispose,
// file:// URLs), saves the model and loads it back compiled.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tf from '@rectify/rectify'; // was: import * as tf from '@tensorflow/tfjs';

tf.setSeed(7); // Rectify only: the same numbers on every run

const model = tf.sequential();
model.add(tf.layers.dense({ units: 16, activation: 'relu', inputShape: [2] }));
model.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
model.compile({ optimizer: tf.train.adam(0.05), loss: 'binaryCrossentropy', metrics: ['accuracy'] });

const xs = tf.tensor2d([[0, 0], [0, 1], [1, 0], [1, 1]]);
const ys = tf.tensor2d([[0], [1], [1], [0]]);

await model.fit(xs, ys, {
  epochs: 200,
  batchSize: 4,
  verbose: 0,
  callbacks: {
    onEpochEnd: (epoch, logs) => {
      if ((epoch + 1) % 50 === 0) console.log(`epoch ${epoch + 1}: loss ${logs?.loss.toFixed(4)}, accuracy ${logs?.accuracy.toFixed(2)}`);
    },
  },
});

const preds = tf.tidy(() => model.predict(xs) as tf.Tensor);
console.log('predictions', ((await preds.array()) as number[][]).map((row) => row[0].toFixed(3)).join(' '));

const dir = mkdtempSync(join(tmpdir(), 'ported-'));
const url = pathToFileURL(join(dir, 'xor')).href;
await model.save(url);
const loaded = await tf.loadLayersModel(`${url}/model.json`);
const [loss, accuracy] = [loaded.evaluate(xs, ys).loss, loaded.evaluate(xs, ys).accuracy];
console.log(`reloaded from ${url}: loss ${loss.toFixed(4)}, accuracy ${accuracy.toFixed(2)}`);

tf.dispose([xs, ys, preds]);
rmSync(dir, { recursive: true, force: true });
