import { describe, expect, it } from 'vitest';
import { randomNormal, randomUniform, setSeed } from '@rectify/core';
import {
  BatchNormalization, Conv2D, Dense, DepthwiseConv2D, Dropout, GlobalAveragePooling2D, LayerNormalization, RandomFlip, RandomRotation, ReLU, Rescaling,
  UpSampling2D, ZeroPadding2D, Conv1D, GlobalMaxPooling1D,
} from '@rectify/layers';
import { Sequential, loadModel, modelToArtifacts } from '../../src/index.js';

// Keras 3 `model.to_json()` spelling: module and registered_name on every object, dtype policies,
// build_config, initializers as objects, null regularizers, channels_last, keepdims.
const policy = { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null };
const init = (name: string) => ({ module: 'keras.initializers', class_name: name, config: { seed: null }, registered_name: null });
const layer = (className: string, config: Record<string, unknown>) => ({ module: 'keras.layers', class_name: className, config: { trainable: true, dtype: policy, ...config }, registered_name: null, build_config: { input_shape: null } });

function keras3Image(): Record<string, unknown> {
  return {
    class_name: 'Sequential',
    config: {
      name: 'mobile', trainable: true, dtype: policy, build_input_shape: [null, 8, 8, 3],
      layers: [
        { module: 'keras.layers', class_name: 'InputLayer', config: { batch_shape: [null, 8, 8, 3], dtype: 'float32', sparse: false, name: 'input_layer' }, registered_name: null },
        layer('Rescaling', { name: 'rescaling', scale: 1 / 127.5, offset: -1 }),
        layer('RandomFlip', { name: 'random_flip', mode: 'horizontal', seed: null, data_format: 'channels_last' }),
        layer('RandomRotation', { name: 'random_rotation', factor: [-0.1, 0.1], value_range: [0, 255], data_format: 'channels_last', fill_mode: 'reflect', fill_value: 0, interpolation: 'bilinear', seed: null }),
        layer('ZeroPadding2D', { name: 'zero_padding2d', padding: [[0, 1], [0, 1]], data_format: 'channels_last' }),
        layer('Conv2D', { name: 'conv2d', filters: 4, kernel_size: [3, 3], strides: [2, 2], padding: 'valid', data_format: 'channels_last', dilation_rate: [1, 1], groups: 1, activation: 'linear', use_bias: false, kernel_initializer: init('GlorotUniform'), bias_initializer: init('Zeros'), kernel_regularizer: null, bias_regularizer: null, activity_regularizer: null, kernel_constraint: null, bias_constraint: null }),
        layer('BatchNormalization', { name: 'bn', axis: -1, momentum: 0.99, epsilon: 0.001, center: true, scale: true, beta_initializer: init('Zeros'), gamma_initializer: init('Ones'), moving_mean_initializer: init('Zeros'), moving_variance_initializer: init('Ones'), beta_regularizer: null, gamma_regularizer: null, beta_constraint: null, gamma_constraint: null, synchronized: false }),
        layer('ReLU', { name: 're_lu', max_value: 6, negative_slope: 0, threshold: 0 }),
        layer('DepthwiseConv2D', { name: 'depthwise', kernel_size: [3, 3], strides: [1, 1], padding: 'same', data_format: 'channels_last', dilation_rate: [2, 2], depth_multiplier: 2, activation: 'hard_swish', use_bias: true, depthwise_initializer: init('GlorotUniform'), bias_initializer: init('Zeros'), depthwise_regularizer: { module: 'keras.regularizers', class_name: 'L2', config: { l2: 0.001 }, registered_name: null }, bias_regularizer: null, activity_regularizer: null, depthwise_constraint: { module: 'keras.constraints', class_name: 'MaxNorm', config: { max_value: 3, axis: [0, 1, 2] }, registered_name: null }, bias_constraint: null }),
        layer('UpSampling2D', { name: 'up', size: [2, 2], data_format: 'channels_last', interpolation: 'bilinear' }),
        layer('LayerNormalization', { name: 'ln', axis: -1, epsilon: 0.001, center: true, scale: true, rms_scaling: false, beta_initializer: init('Zeros'), gamma_initializer: init('Ones'), beta_regularizer: null, gamma_regularizer: null, beta_constraint: null, gamma_constraint: null }),
        layer('GlobalAveragePooling2D', { name: 'gap', data_format: 'channels_last', keepdims: false }),
        layer('Dropout', { name: 'dropout', rate: 0.2, seed: null, noise_shape: null }),
        layer('Dense', { name: 'dense', units: 3, activation: 'softmax', use_bias: true, kernel_initializer: init('HeNormal'), bias_initializer: init('Zeros'), kernel_regularizer: null, bias_regularizer: null, kernel_constraint: null, bias_constraint: null, lora_rank: null }),
      ],
    },
  };
}

describe('Keras 3 configs of the new layers', () => {
  it('an image model with preprocessing, augmentation, depthwise and normalization layers loads and predicts as the same model built in Rectify', async () => {
    setSeed(1);
    const built = new Sequential({
      layers: [
        new Rescaling({ scale: 1 / 127.5, offset: -1, name: 'rescaling', inputShape: [8, 8, 3] }),
        new RandomFlip({ mode: 'horizontal', name: 'random_flip' }),
        new RandomRotation({ factor: [-0.1, 0.1], name: 'random_rotation' }),
        new ZeroPadding2D({ padding: [[0, 1], [0, 1]], name: 'zero_padding2d' }),
        new Conv2D({ filters: 4, kernelSize: 3, strides: 2, useBias: false, name: 'conv2d' }),
        new BatchNormalization({ name: 'bn' }),
        new ReLU({ maxValue: 6, name: 're_lu' }),
        new DepthwiseConv2D({ kernelSize: 3, padding: 'same', dilationRate: 2, depthMultiplier: 2, activation: 'hardSwish', name: 'depthwise' }),
        new UpSampling2D({ size: 2, interpolation: 'bilinear', name: 'up' }),
        new LayerNormalization({ name: 'ln' }),
        new GlobalAveragePooling2D({ name: 'gap' }),
        new Dropout({ rate: 0.2, name: 'dropout' }),
        new Dense({ units: 3, activation: 'softmax', name: 'dense' }),
      ],
    });
    built.setWeights(built.weights.map((w, i) => (w.name.includes('moving_variance') ? randomUniform([...w.shape], { minval: 0.5, maxval: 1.5, seed: i }) : randomNormal([...w.shape], { stddev: 0.5, seed: i }))));
    const artifacts = modelToArtifacts(built);
    const loaded = await loadModel({ ...artifacts, modelTopology: keras3Image() });
    const x = randomUniform([2, 8, 8, 3], { maxval: 255, seed: 3 });
    expect(Array.from(loaded.predict(x).dataSync())).toEqual(Array.from(built.predict(x).dataSync()));
    const depthwise = loaded.getLayer('depthwise') as DepthwiseConv2D;
    expect(depthwise.depthwiseKernel.regularizer!.getConfig()).toEqual({ l2: 0.001 });
    expect(depthwise.depthwiseKernel.constraint!.getConfig()).toEqual({ maxValue: 3, axis: [0, 1, 2] });
    expect((loaded.getLayer('dense') as Dense).kernelInitializer).toMatchObject({ className: 'HeNormal' });
  });

  it('TF.js/Keras 2 spellings: kernel_size [3] for Conv1D, Keras 2 class aliases', async () => {
    const built = new Sequential({ layers: [new Conv1D({ filters: 2, kernelSize: 3, name: 'c', inputShape: [6, 2] }), new GlobalMaxPooling1D({ name: 'g' })] });
    const a = modelToArtifacts(built);
    const topology = JSON.parse(JSON.stringify(a.modelTopology).replace('"GlobalMaxPooling1D"', '"GlobalMaxPool1D"').replace('"Conv1D"', '"Convolution1D"'));
    const loaded = await loadModel({ ...a, modelTopology: topology });
    expect(loaded.layers.map((l) => l.className)).toContain('GlobalMaxPooling1D');
    const x = randomNormal([2, 6, 2], { seed: 4 });
    expect(Array.from(loaded.predict(x).dataSync())).toEqual(Array.from(built.predict(x).dataSync()));
  });
});

describe("'hard_sigmoid' means what the file's origin means by it", () => {
  it('TF.js (and Keras 2) files: 0.2 x + 0.5, as TF.js predicts', async () => {
    const tf = await import('@tensorflow/tfjs');
    await tf.setBackend('cpu');
    const m = tf.sequential({ layers: [tf.layers.dense({ units: 3, activation: 'hardSigmoid', inputShape: [2] })] });
    let saved: unknown = null;
    await m.save(tf.io.withSaveHandler(async (a) => {
      saved = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    const ours = await loadModel(saved as never);
    expect((ours.layers.at(-1) as Dense).activation).toBe('legacyHardSigmoid');
    const x = randomNormal([4, 2], { seed: 1 }).mul(3);
    const theirs = (m.predict(tf.tensor(Array.from(x.dataSync()), [4, 2])) as import('@tensorflow/tfjs').Tensor).dataSync();
    Array.from(ours.predict(x).dataSync()).forEach((v, i) => expect(Math.abs(v - theirs[i])).toBeLessThan(1e-6));
    // saved back, TF.js semantics stay (no Keras 3 mark)
    const again = await loadModel(modelToArtifacts(ours));
    expect((again.layers.at(-1) as Dense).activation).toBe('legacyHardSigmoid');
    expect(modelToArtifacts(ours).modelTopology.rectify).toBeUndefined();
  });

  it('Keras 3 files (no keras_version) and Rectify models: relu6(x + 3) / 6, kept through a save', async () => {
    const built = new Sequential({ layers: [new Dense({ units: 2, activation: 'hard_sigmoid', inputShape: [2], name: 'hs' })] });
    const a = modelToArtifacts(built);
    expect(a.modelTopology.rectify).toEqual({ hard_sigmoid: 'relu6(x + 3) / 6' });
    expect((await loadModel(a)).layers.map((l) => (l as Dense).activation)).toContain('hardSigmoid');
    const { keras_version: _, rectify: __, ...keras3 } = a.modelTopology;
    expect((await loadModel({ ...a, modelTopology: keras3 })).layers.map((l) => (l as Dense).activation)).toContain('hardSigmoid');
    const { rectify: ___, ...unmarked } = a.modelTopology;
    expect((await loadModel({ ...a, modelTopology: unmarked })).layers.map((l) => (l as Dense).activation)).toContain('legacyHardSigmoid');
  });

  it('a model mixing both cannot be saved unambiguously and says so', () => {
    const built = new Sequential({ layers: [new Dense({ units: 2, activation: 'hardSigmoid', inputShape: [2] }), new Dense({ units: 2, activation: 'legacyHardSigmoid' })] });
    expect(() => modelToArtifacts(built)).toThrow(/uses both Keras 3's hard sigmoid .* and the Keras 2 \/ TF.js one/);
  });
});
