import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Tensor, setSeed, tensor } from '@rectify/core';
import { Bidirectional, Dense, Embedding, GRU, LSTM, Masking, SimpleRNN, TimeDistributed, input, type Recurrent } from '@rectify/layers';
import { Model, Sequential, loadModel, modelToArtifacts, type ModelArtifacts } from '../../src/index.js';
import { sameOutputs, tfArtifacts, tfFromRectify } from '../graph/tfjs-helpers.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

// token ids, 0 is padding: at the end, at the start, none, and a row of padding but one token
const IDS = [
  [4, 9, 2, 0, 0, 0],
  [0, 0, 7, 3, 11, 5],
  [1, 2, 3, 4, 5, 6],
  [0, 0, 0, 0, 0, 13],
];
const ids = () => tensor(IDS.flat(), [4, 6]);
const tfIds = () => tf.tensor2d(IDS.flat(), [4, 6]);
const sequence = (shape: number[], k = 0) => {
  const n = shape.reduce((a, d) => a * d, 1);
  return Array.from({ length: n }, (_, i) => Math.sin(0.37 * i + k) * 1.2);
};

/** A TF.js model as Rectify loads it from memory. */
async function rectifyFromTf(model: tf.LayersModel, edit?: (a: tf.io.ModelArtifacts) => void): Promise<Model> {
  const artifacts = await tfArtifacts(model);
  edit?.(artifacts);
  return loadModel({ modelTopology: artifacts.modelTopology as Record<string, unknown>, weightSpecs: artifacts.weightSpecs as ModelArtifacts['weightSpecs'], weightData: artifacts.weightData as ArrayBuffer });
}

function tfTextClassifier(): tf.LayersModel {
  // TF.js's defaults throughout: its LSTM gates use its hard sigmoid, clip(0.2 x + 0.5, 0, 1)
  const m = tf.sequential();
  m.add(tf.layers.embedding({ inputDim: 16, outputDim: 5, maskZero: true, inputLength: 6 }));
  m.add(tf.layers.bidirectional({ layer: tf.layers.lstm({ units: 4 }) as tf.RNN }));
  m.add(tf.layers.dense({ units: 3, activation: 'softmax' }));
  return m;
}

describe('sequence models built in TF.js 4.22 load in Rectify and predict the same', () => {
  it('Embedding(maskZero) + Bidirectional(LSTM) + Dense on padded token ids', async () => {
    const theirs = tfTextClassifier();
    // deterministic weights large enough for padding to matter (TF.js's own draw is unseeded and small)
    theirs.setWeights(theirs.getWeights().map((w, i) => tf.tensor(sequence(w.shape, i).map((v) => 0.6 * v), w.shape)));
    const ours = await rectifyFromTf(theirs);
    const bi = ours.layers.find((l) => l instanceof Bidirectional) as Bidirectional;
    expect(bi.forwardLayer.className).toBe('LSTM');
    expect((bi.forwardLayer as LSTM).recurrentActivation).toBe('legacyHardSigmoid');
    sameOutputs(ours.predict<Tensor>(ids()), theirs.predict(tfIds()) as tf.Tensor);
    // the mask matters: without it the padded rows would differ
    const unmasked = tf.sequential({ layers: [tf.layers.embedding({ inputDim: 16, outputDim: 5, inputLength: 6 }), tf.layers.bidirectional({ layer: tf.layers.lstm({ units: 4 }) as tf.RNN }), tf.layers.dense({ units: 3, activation: 'softmax' })] });
    unmasked.setWeights(theirs.getWeights());
    const diff = tf.max(tf.abs(tf.sub(unmasked.predict(tfIds()) as tf.Tensor, theirs.predict(tfIds()) as tf.Tensor))).dataSync()[0];
    expect(diff).toBeGreaterThan(1e-2);
  });

  it('Embedding(maskZero) + Dropout + GRU (sequences) + Dense per step: the mask passes Dropout', async () => {
    const theirs = tf.sequential({ layers: [
      tf.layers.embedding({ inputDim: 16, outputDim: 4, maskZero: true, inputLength: 6 }),
      tf.layers.dropout({ rate: 0.3 }),
      tf.layers.gru({ units: 3, returnSequences: true }),
      tf.layers.dense({ units: 2 }),
    ] });
    theirs.setWeights(theirs.getWeights().map((w, i) => tf.tensor(sequence(w.shape, i).map((v) => 0.6 * v), w.shape)));
    const ours = await rectifyFromTf(theirs);
    sameOutputs(ours.predict<Tensor>(ids()), theirs.predict(tfIds()) as tf.Tensor);
  });

  it('a graph model of stacked GRUs (sequences, then the last state) with a Dense head', async () => {
    const x = tf.input({ shape: [5, 3] });
    const h = tf.layers.gru({ units: 4, returnSequences: true }).apply(x) as tf.SymbolicTensor;
    const last = tf.layers.gru({ units: 3, goBackwards: true }).apply(h) as tf.SymbolicTensor;
    const theirs = tf.model({ inputs: x, outputs: tf.layers.dense({ units: 2 }).apply(last) as tf.SymbolicTensor });
    const ours = await rectifyFromTf(theirs);
    const data = sequence([4, 5, 3]);
    sameOutputs(ours.predict<Tensor>(tensor(data, [4, 5, 3])), theirs.predict(tf.tensor(data, [4, 5, 3])) as tf.Tensor);
  });

  it('Masking + SimpleRNN (sequences) + TimeDistributed(Dense)', async () => {
    const theirs = tf.sequential({ layers: [
      tf.layers.masking({ maskValue: 0, inputShape: [5, 2] }),
      tf.layers.simpleRNN({ units: 3, returnSequences: true }),
      tf.layers.timeDistributed({ layer: tf.layers.dense({ units: 2 }) }),
    ] });
    const ours = await rectifyFromTf(theirs);
    const data = sequence([3, 5, 2]);
    for (const zero of [8, 9, 18, 19]) data[zero] = 0; // sample 0's step 4 is padding, and sample 1's step 4
    sameOutputs(ours.predict<Tensor>(tensor(data, [3, 5, 2])), theirs.predict(tf.tensor(data, [3, 5, 2])) as tf.Tensor);
  });

  it('Keras-style weight names (the cell in the path) load', async () => {
    const theirs = tf.sequential({ layers: [tf.layers.lstm({ units: 3, inputShape: [4, 2], name: 'lstm' }), tf.layers.dense({ units: 1, name: 'head' })] });
    const ours = await rectifyFromTf(theirs, (a) => {
      for (const spec of a.weightSpecs!) spec.name = spec.name.replace(/^lstm\//, 'lstm/lstm_cell/');
    });
    const data = sequence([2, 4, 2]);
    sameOutputs(ours.predict<Tensor>(tensor(data, [2, 4, 2])), theirs.predict(tf.tensor(data, [2, 4, 2])) as tf.Tensor);
  });

  it("reads 'hard_sigmoid' as the file's Keras version means it", async () => {
    const theirs = tf.sequential({ layers: [tf.layers.gru({ units: 2, inputShape: [3, 2] })] });
    const legacy = await rectifyFromTf(theirs);
    expect((legacy.layers[0] as GRU).recurrentActivation).toBe('legacyHardSigmoid');
    const keras3 = await rectifyFromTf(theirs, (a) => {
      (a.modelTopology as Record<string, unknown>).keras_version = '3.6.0';
    });
    expect((keras3.layers[0] as GRU).recurrentActivation).toBe('hardSigmoid');
  });
});

describe('sequence models built in Rectify load in TF.js 4.22 and predict the same', () => {
  it('Embedding(maskZero) + Bidirectional(LSTM) + Dense on padded token ids', async () => {
    setSeed(5);
    const ours = new Sequential({ layers: [
      new Embedding({ inputDim: 16, outputDim: 5, maskZero: true, inputShape: [6] }),
      new Bidirectional({ layer: new LSTM({ units: 4, recurrentActivation: 'legacyHardSigmoid' }) }),
      new Dense({ units: 3, activation: 'softmax' }),
    ] });
    const theirs = await tfFromRectify(modelToArtifacts(ours));
    sameOutputs(ours.predict<Tensor>(ids()), theirs.predict(tfIds()) as tf.Tensor);
    const back = await loadModel(modelToArtifacts(ours));
    expect(Array.from(back.predict<Tensor>(ids()).dataSync())).toEqual(Array.from(ours.predict<Tensor>(ids()).dataSync()));
  });

  it('a GRU graph model (resetAfter false: TF.js has no other) with states as outputs', async () => {
    setSeed(6);
    const x = input({ shape: [5, 3] });
    const [seq, state] = new GRU({ units: 4, resetAfter: false, returnSequences: true, returnState: true }).apply(x) as never[];
    const last = new GRU({ units: 3, resetAfter: false }).apply(seq);
    const ours = new Model({ inputs: x, outputs: [new Dense({ units: 2 }).apply(last), state] });
    const theirs = await tfFromRectify(modelToArtifacts(ours));
    const data = sequence([4, 5, 3], 1);
    sameOutputs(ours.predict<Tensor[]>(tensor(data, [4, 5, 3])), theirs.predict(tf.tensor(data, [4, 5, 3])) as tf.Tensor[]);
  });

  it('Masking + SimpleRNN + TimeDistributed(Dense)', async () => {
    setSeed(7);
    const ours = new Sequential({ layers: [
      new Masking({ inputShape: [5, 2] }),
      new SimpleRNN({ units: 3, returnSequences: true }),
      new TimeDistributed({ layer: new Dense({ units: 2 }) }),
    ] });
    const theirs = await tfFromRectify(modelToArtifacts(ours));
    const data = sequence([3, 5, 2], 2);
    for (const zero of [8, 9, 18, 19]) data[zero] = 0;
    sameOutputs(ours.predict<Tensor>(tensor(data, [3, 5, 2])), theirs.predict(tf.tensor(data, [3, 5, 2])) as tf.Tensor);
  });

  it("keeps Keras 3's hard sigmoid through Rectify files, marking its meaning in the topology", async () => {
    const ours = new Sequential({ layers: [new LSTM({ units: 2, recurrentActivation: 'hardSigmoid', inputShape: [3, 2] })] });
    const artifacts = modelToArtifacts(ours);
    expect((artifacts.modelTopology as { rectify?: { hard_sigmoid?: string } }).rectify?.hard_sigmoid).toBe('relu6(x + 3) / 6');
    const back = await loadModel(artifacts);
    const data = tensor(sequence([2, 3, 2]), [2, 3, 2]);
    expect(Array.from(back.predict<Tensor>(data).dataSync())).toEqual(Array.from(ours.predict<Tensor>(data).dataSync()));
  });

  it('GRU with resetAfter (Keras 3 default) round-trips through Rectify files', async () => {
    setSeed(8);
    const ours = new Sequential({ layers: [new GRU({ units: 3, inputShape: [4, 2], biasInitializer: 'glorotUniform' })] });
    const back = await loadModel(modelToArtifacts(ours));
    expect((back.layers[0] as Recurrent).weights.map((w) => w.shape)).toEqual([[2, 9], [3, 9], [2, 9]]);
    const data = tensor(sequence([2, 4, 2]), [2, 4, 2]);
    expect(Array.from(back.predict<Tensor>(data).dataSync())).toEqual(Array.from(ours.predict<Tensor>(data).dataSync()));
  });
});

describe('Keras 3 files', () => {
  const policy = { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null };
  const tensorRef = (layer: string, shape: (number | null)[]) => ({ class_name: '__keras_tensor__', config: { shape, dtype: 'float32', keras_history: [layer, 0, 0] } });
  const lstmConfig = (name: string, goBackwards: boolean) => ({
    module: 'keras.layers', class_name: 'LSTM', registered_name: null, build_config: { input_shape: [null, 6, 5] },
    config: {
      name, trainable: true, dtype: policy, return_sequences: false, return_state: false, go_backwards: goBackwards, stateful: false, unroll: false,
      zero_output_for_mask: true, units: 4, activation: 'tanh', recurrent_activation: 'sigmoid', use_bias: true,
      kernel_initializer: { module: 'keras.initializers', class_name: 'GlorotUniform', config: { seed: null }, registered_name: null },
      recurrent_initializer: { module: 'keras.initializers', class_name: 'Orthogonal', config: { gain: 1.0, seed: null }, registered_name: null },
      bias_initializer: { module: 'keras.initializers', class_name: 'Zeros', config: {}, registered_name: null },
      unit_forget_bias: true, kernel_regularizer: null, recurrent_regularizer: null, bias_regularizer: null, activity_regularizer: null,
      kernel_constraint: null, recurrent_constraint: null, bias_constraint: null, dropout: 0.0, recurrent_dropout: 0.0, seed: null,
    },
  });
  const topology = {
    class_name: 'Functional',
    config: {
      name: 'text', trainable: true,
      layers: [
        { module: 'keras.layers', class_name: 'InputLayer', config: { batch_shape: [null, 6], dtype: 'float32', sparse: false, name: 'tokens' }, registered_name: null, name: 'tokens', inbound_nodes: [] },
        { module: 'keras.layers', class_name: 'Embedding', registered_name: null, name: 'embedding', config: { name: 'embedding', trainable: true, dtype: policy, input_dim: 16, output_dim: 5, embeddings_initializer: { module: 'keras.initializers', class_name: 'RandomUniform', config: { minval: -0.05, maxval: 0.05, seed: null }, registered_name: null }, embeddings_regularizer: null, activity_regularizer: null, embeddings_constraint: null, mask_zero: true }, inbound_nodes: [{ args: [tensorRef('tokens', [null, 6])], kwargs: {} }] },
        { module: 'keras.layers', class_name: 'Bidirectional', registered_name: null, name: 'bidirectional', config: { name: 'bidirectional', trainable: true, dtype: policy, merge_mode: 'concat', layer: lstmConfig('forward_lstm', false), backward_layer: lstmConfig('backward_lstm', true) }, inbound_nodes: [{ args: [tensorRef('embedding', [null, 6, 5])], kwargs: { mask: tensorRef('embedding', [null, 6]) } }] },
        { module: 'keras.layers', class_name: 'Dense', registered_name: null, name: 'dense', config: { name: 'dense', trainable: true, dtype: policy, units: 3, activation: 'softmax', use_bias: true, kernel_initializer: { module: 'keras.initializers', class_name: 'GlorotUniform', config: { seed: null }, registered_name: null }, bias_initializer: { module: 'keras.initializers', class_name: 'Zeros', config: {}, registered_name: null }, kernel_regularizer: null, bias_regularizer: null, kernel_constraint: null, bias_constraint: null }, inbound_nodes: [{ args: [tensorRef('bidirectional', [null, 8])], kwargs: {} }] },
      ],
      input_layers: [['tokens', 0, 0]],
      output_layers: [['dense', 0, 0]],
    },
  };

  it('Embedding + Bidirectional(LSTM) + Dense with Keras 3 configs and cell-scoped weight names', async () => {
    setSeed(9);
    const reference = new Sequential({ layers: [
      new Embedding({ inputDim: 16, outputDim: 5, maskZero: true, inputShape: [6] }),
      new Bidirectional({ layer: new LSTM({ units: 4 }) }),
      new Dense({ units: 3, activation: 'softmax' }),
    ] });
    const names = ['embedding/embeddings', ...['forward_lstm', 'backward_lstm'].flatMap((d) => ['kernel', 'recurrent_kernel', 'bias'].map((w) => `bidirectional/${d}/lstm_cell/${w}`)), 'dense/kernel', 'dense/bias'];
    const weights = reference.getWeights();
    const flat = new Float32Array(weights.reduce((n, w) => n + w.size, 0));
    let at = 0;
    for (const w of weights) {
      flat.set(w.dataSync(), at);
      at += w.size;
    }
    const loaded = await loadModel({
      modelTopology: { keras_version: '3.6.0', backend: 'tensorflow', model_config: topology },
      weightSpecs: weights.map((w, i) => ({ name: names[i], shape: [...w.shape], dtype: 'float32' })),
      weightData: flat.buffer,
    });
    const bi = loaded.layers.find((l) => l instanceof Bidirectional) as Bidirectional;
    expect(bi.backwardLayer.name).toBe('backward_lstm');
    expect(bi.getConfig().backwardLayer).toBeUndefined();
    expect(Array.from(loaded.predict<Tensor>(ids()).dataSync())).toEqual(Array.from(reference.predict<Tensor>(ids()).dataSync()));
  });
});

describe('wrapped layers scoped twice (Keras 3)', () => {
  it('TimeDistributed weights saved as time_distributed/dense/kernel load', async () => {
    setSeed(10);
    const ours = new Sequential({ layers: [new TimeDistributed({ layer: new Dense({ units: 2, biasInitializer: 'ones' }), name: 'time_distributed', inputShape: [3, 4] })] });
    const artifacts = modelToArtifacts(ours);
    expect(artifacts.weightSpecs.map((s) => s.name)).toEqual(['time_distributed/kernel', 'time_distributed/bias']);
    for (const spec of artifacts.weightSpecs) spec.name = spec.name.replace('time_distributed/', 'time_distributed/dense/');
    const back = await loadModel(artifacts);
    const x = tensor(sequence([2, 3, 4]), [2, 3, 4]);
    expect(Array.from(back.predict<Tensor>(x).dataSync())).toEqual(Array.from(ours.predict<Tensor>(x).dataSync()));
  });
});
