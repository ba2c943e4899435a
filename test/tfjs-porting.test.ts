// TF.js habits that a port keeps: factory namespaces, positional optimizer factories, variables and their
// gradients, memory no-ops, async reads, file:// URLs and plain callback objects.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { execFileSync } from 'node:child_process';
import * as tf from '@rectify/rectify';

describe('TF.js-style namespaces', () => {
  it('build every layer class from layers.* with TF.js names', () => {
    const built = Object.entries(tf.layers).map(([name, make]) => {
      const args: Record<string, object> = {
        dense: { units: 2 }, conv2d: { filters: 2, kernelSize: 3 }, dropout: { rate: 0.5 }, reshape: { targetShape: [2] },
        activation: { activation: 'relu' }, dot: { axes: 1 }, inputLayer: { shape: [2] },
        alphaDropout: { rate: 0.2 }, bidirectional: { layer: new tf.LSTM({ units: 2 }) }, centerCrop: { height: 2, width: 2 },
        conv1d: { filters: 2, kernelSize: 3 }, conv2dTranspose: { filters: 2, kernelSize: 3 }, depthwiseConv2d: { kernelSize: 3 },
        embedding: { inputDim: 10, outputDim: 2 }, gru: { units: 2 }, lstm: { units: 2 }, simpleRNN: { units: 2 },
        gaussianDropout: { rate: 0.2 }, gaussianNoise: { stddev: 0.1 }, permute: { dims: [2, 1] }, randomBrightness: { factor: 0.1 },
        randomContrast: { factor: 0.1 }, randomRotation: { factor: 0.1 }, randomTranslation: { heightFactor: 0.1, widthFactor: 0.1 },
        randomZoom: { heightFactor: 0.1 }, repeatVector: { n: 2 }, rescaling: { scale: 0.5 }, resizing: { height: 2, width: 2 },
        separableConv2d: { filters: 2, kernelSize: 3 }, spatialDropout1d: { rate: 0.2 }, spatialDropout2d: { rate: 0.2 },
        timeDistributed: { layer: new tf.Dense({ units: 2 }) },
      };
      return [name, (make as (a?: object) => tf.Layer)(args[name])] as const;
    });
    for (const [name, layer] of built) expect(layer, name).toBeInstanceOf(tf.Layer);
    expect(tf.layers.dense({ units: 3 })).toBeInstanceOf(tf.Dense);
    expect(tf.layers.maxPooling2d({ poolSize: 2 })).toBeInstanceOf(tf.MaxPooling2D);
    expect(tf.layers.leakyReLU({ alpha: 0.1 }).alpha).toBe(0.1);
  });

  it('have a factory for every registered layer class', () => {
    const classesWithFactory = new Set<string>();
    for (const [name, make] of Object.entries(tf.layers)) {
      const cls = tf.layerClassNames().find((c) => c.toLowerCase() === name.toLowerCase() || (name === 'maxPool2d' && c === 'MaxPooling2D') || (name === 'avgPool2d' && c === 'AveragePooling2D'));
      if (cls) classesWithFactory.add(cls);
      expect(make, name).toBeTypeOf('function');
    }
    // models are built with tf.sequential and tf.model
    const missing = tf.layerClassNames().filter((c) => !['Functional', 'Sequential'].includes(c) && !classesWithFactory.has(c));
    expect(missing, 'layer classes without a tf.layers factory').toEqual([]);
  });

  it('build optimizers from train.* with positional arguments', () => {
    const adam = tf.train.adam(0.01, 0.8);
    expect(adam).toBeInstanceOf(tf.Adam);
    expect(adam.learningRate).toBe(0.01);
    expect(adam.beta1).toBe(0.8);
    const momentum = tf.train.momentum(0.1, 0.9, true);
    expect([momentum.momentum, momentum.nesterov]).toEqual([0.9, true]);
    expect(tf.train.rmsprop(0.01, 0.95).rho).toBe(0.95);
    expect(() => tf.train.adagrad(0.1)).toThrow(/train\.adagrad: this optimizer is not available in Rectify; use train\.adam/);
  });

  it('train a sequential model built with the factories', async () => {
    tf.setSeed(3);
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 8, inputShape: [2], activation: 'relu' }), tf.layers.dense({ units: 1 })] });
    model.compile({ optimizer: tf.train.adam(0.05), loss: 'mean_squared_error' });
    const x = tf.tensor([[0, 0], [0, 1], [1, 0], [1, 1]]);
    const y = tf.tensor([[0], [1], [1], [2]]);
    const epochs: number[] = [];
    const history = await model.fit(x, y, { epochs: 100, verbose: 0, callbacks: { onEpochEnd: (epoch: number) => void epochs.push(epoch) } });
    expect(epochs).toHaveLength(100);
    expect(history.history.loss[99]).toBeLessThan(history.history.loss[0] / 10);
    const ends: number[] = [];
    await model.fit(x, y, { epochs: 2, verbose: 0, callbacks: [{ onEpochEnd: (e: number) => void ends.push(e) }, { onTrainEnd: () => void ends.push(-1) }] });
    expect(ends).toEqual([0, 1, -1]);
  });
});

describe('TF.js graph models, losses and metrics', () => {
  it('build a graph model with tf.input, tf.layers.* and tf.model; call tf.losses and tf.metrics directly', () => {
    const inp = tf.input({ shape: [3] });
    const hidden = tf.layers.dense({ units: 4, activation: 'relu' }).apply(inp);
    const out = tf.layers.dense({ units: 2, activation: 'softmax' }).apply(tf.layers.concatenate().apply([hidden, inp]));
    const m = tf.model({ inputs: inp, outputs: out });
    expect(m).toBeInstanceOf(tf.Model);
    const probs = m.predict(tf.tensor([[1, 2, 3]]));
    expect(probs.shape).toEqual([1, 2]);
    const labels = tf.tensor([[0, 1]]);
    expect(tf.losses.categoricalCrossentropy(labels, tf.tensor([[0.25, 0.75]])).item()).toBeCloseTo(-Math.log(0.75), 5);
    expect(tf.metrics.categoricalAccuracy(labels, tf.tensor([[0.25, 0.75]]))).toBe(1);
    expect(tf.grad((x) => x.square().sum())(tf.tensor([3])).toArray()).toEqual([6]);
  });
});

describe('TF.js tensor and gradient habits', () => {
  it('read values with data(), array(), arraySync() and dataSync(); dispose and tidy are harmless', async () => {
    const t = tf.tensor([[1, 2], [3, 4]]);
    expect(await t.array()).toEqual([[1, 2], [3, 4]]);
    expect(t.arraySync()).toEqual([[1, 2], [3, 4]]);
    const values = await t.data();
    expect(Array.from(values)).toEqual([1, 2, 3, 4]);
    values[0] = 9; // a copy: the tensor keeps its values
    expect(t.arraySync()).toEqual([[1, 2], [3, 4]]);
    expect(Array.from(t.dataSync())).toEqual([1, 2, 3, 4]);
    const y = tf.tidy(() => t.mul(2));
    t.dispose();
    tf.dispose([t, y]);
    expect(y.arraySync()).toEqual([[2, 4], [6, 8]]);
    expect(tf.tidy('named', () => tf.keep(y))).toBe(y);
    expect(() => tf.tidy(42 as never)).toThrow(/tidy: expected a function, got/);
  });

  it('differentiate with grads and variableGrads', () => {
    const [da, db] = tf.grads((a, b) => a.mul(b).sum())([tf.tensor([2]), tf.tensor([3])]);
    expect([da.item(), db.item()]).toEqual([3, 2]);
    const w = tf.variable(tf.tensor([3, -1]), true, 'porting/w');
    const b = tf.variable(tf.tensor([1]), true, 'porting/b');
    const { value, grads } = tf.variableGrads(() => w.square().sum().add(b.mul(2).sum()));
    expect(value.item()).toBe(12);
    expect(grads['porting/w'].toArray()).toEqual([6, -2]);
    expect(grads['porting/b'].toArray()).toEqual([2]);
    expect(w.grad).toBeNull();
    expect(() => tf.variableGrads(() => tf.tensor([1]).sum())).toThrow(/variableGrads: the function used no trainable variable/);
  });

  it('minimize a function with optimizer.minimize and apply gradients by name or by Map', () => {
    const w = tf.variable(tf.tensor([3]), true, 'porting/minimize');
    const sgd = tf.train.sgd(0.1);
    const cost = sgd.minimize(() => w.square().sum(), true);
    expect(cost!.item()).toBe(9);
    expect(w.toArray()[0]).toBeCloseTo(2.4, 6);
    expect(sgd.minimize(() => w.square().sum())).toBeNull();
    sgd.applyGradients({ 'porting/minimize': tf.tensor([1]) });
    expect(w.toArray()[0]).toBeCloseTo(1.82, 5);
    sgd.applyGradients(new Map([[w, tf.tensor([-10])]]));
    expect(w.toArray()[0]).toBeCloseTo(2.82, 5);
    expect(() => sgd.applyGradients({ nowhere: tf.tensor([1]) })).toThrow(/SGD\.applyGradients: no variable named 'nowhere'/);
    expect(() => sgd.applyGradients(new Map([[w, tf.tensor([1, 2])]]))).toThrow(/gradient of shape \[2\] for a variable of shape \[1\]/);
  });

  it('train a model\'s weights with minimize, as a custom TF.js loop does', () => {
    tf.setSeed(5);
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });
    const x = tf.tensor([[0], [1], [2], [3]]);
    const y = tf.tensor([[1], [3], [5], [7]]);
    const optimizer = tf.train.adam(0.1);
    const loss = () => tf.losses.meanSquaredError(y, model.apply(x) as tf.Tensor);
    const before = loss().item();
    for (let i = 0; i < 200; i++) optimizer.minimize(loss);
    expect(loss().item()).toBeLessThan(before / 100);
  });
});

describe('TF.js tensor constructors', () => {
  it('take the dtype as a string and check the rank of tensor1d ... tensor4d', () => {
    expect(tf.tensor([1, 2], [2], 'float64').dtype).toBe('float64');
    expect(tf.tensor2d([[1, 2]]).shape).toEqual([1, 2]);
    expect(tf.tensor1d([1, 2, 3]).shape).toEqual([3]);
    expect(tf.tensor3d([1, 2, 3, 4], [1, 2, 2]).rank).toBe(3);
    expect(tf.tensor4d(new Float32Array(4), [1, 2, 2, 1]).rank).toBe(4);
    expect(() => tf.tensor2d([1, 2, 3])).toThrow('tensor2d: expected values of rank 2, got shape [3]; use tensor() for any rank');
    expect(() => tf.tensor([1], [1], 'int32' as never)).toThrow(`tensor: unsupported dtype "int32"; expected 'float32' or 'float64'`);
  });
});

describe('the ported example', () => {
  it('runs and gets XOR right before and after saving', () => {
    // as `pnpm example` runs it: against the sources, through tsconfig.examples.json
    const env = { ...process.env, TSX_TSCONFIG_PATH: fileURLToPath(new URL('../tsconfig.examples.json', import.meta.url)) };
    const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../examples/ported-from-tfjs.ts', import.meta.url))], { encoding: 'utf8', env });
    expect(out).toMatch(/epoch 200: loss 0\.\d+, accuracy 1\.00/);
    expect(out).toMatch(/reloaded from file:\/\/\S+: loss 0\.\d+, accuracy 1\.00/);
  });
});

describe('TF.js file URLs', () => {
  it('save to file:// and load from file://.../model.json, compiled again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rectify-url-'));
    try {
      const model = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3], activation: 'softmax' })] });
      model.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
      const url = pathToFileURL(join(dir, 'm')).href;
      await model.save(url);
      expect(existsSync(join(dir, 'm', 'model.json'))).toBe(true);
      expect(existsSync('file:')).toBe(false);
      const loaded = await tf.loadLayersModel(`${url}/model.json`);
      const x = tf.tensor([[1, 2, 3]]);
      const y = tf.tensor([[0, 1]]);
      expect(loaded.evaluate(x, y)).toEqual(model.evaluate(x, y));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
