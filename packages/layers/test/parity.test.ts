import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { setSeed, tensor } from '@rectify/core';
import { close, data, parity } from './tfjs-parity.js';
import { AveragePooling2D, BatchNormalization, Conv2D, Dense, Dropout, ELU, Layer, LeakyReLU, MaxPooling2D, PReLU, ReLU, Softmax } from '../src/index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

// the shared comparison (same input and weights; outputs and gradients of sum(y * proj))

describe('parity with TF.js layers (forward and gradients)', () => {
  it('Dense with relu', () => parity(new Dense({ units: 3, activation: 'relu', biasInitializer: 'ones' }), tf.layers.dense({ units: 3, activation: 'relu' }), [4, 5]));
  it('Dense with softmax on rank-3 input', () => parity(new Dense({ units: 3, activation: 'softmax' }), tf.layers.dense({ units: 3, activation: 'softmax' }), [2, 3, 4]));
  it('ReLU with maxValue', () => parity(new ReLU({ maxValue: 1 }), tf.layers.reLU({ maxValue: 1 }), [3, 4]));
  it('LeakyReLU', () => parity(new LeakyReLU({ alpha: 0.2 }), tf.layers.leakyReLU({ alpha: 0.2 }), [3, 4]));
  it('ELU', () => parity(new ELU({ alpha: 1 }), tf.layers.elu({ alpha: 1 }), [3, 4]));
  it('Softmax', () => parity(new Softmax(), tf.layers.softmax(), [3, 4]));
  it('PReLU per unit', () => parity(new PReLU({ alphaInitializer: 'ones' }), tf.layers.prelu({}), [3, 4]));
  it('PReLU shared axes', () => parity(new PReLU({ sharedAxes: [1, 2], alphaInitializer: 'glorotUniform' }), tf.layers.prelu({ sharedAxes: [1, 2] }), [2, 3, 3, 2]));
  it('Conv2D valid', () => parity(new Conv2D({ filters: 3, kernelSize: 3 }), tf.layers.conv2d({ filters: 3, kernelSize: 3 }), [2, 6, 6, 2]));
  it('Conv2D same stride 2 relu', () => parity(new Conv2D({ filters: 2, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', biasInitializer: 'ones' }), tf.layers.conv2d({ filters: 2, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }), [1, 7, 6, 3]));
  it('MaxPooling2D valid', () => parity(new MaxPooling2D({ poolSize: 2 }), tf.layers.maxPooling2d({ poolSize: 2 }), [2, 4, 6, 2]));
  it('MaxPooling2D same stride 1', () => parity(new MaxPooling2D({ poolSize: 3, strides: 1, padding: 'same' }), tf.layers.maxPooling2d({ poolSize: 3, strides: 1, padding: 'same' }), [1, 5, 5, 1]));
  it('AveragePooling2D valid', () => parity(new AveragePooling2D({ poolSize: 2 }), tf.layers.averagePooling2d({ poolSize: 2 }), [1, 4, 6, 2]));
  // TF.js's 'same' average-pool backprop divides edge windows by the full window size although its forward
  // divides by the valid count; Rectify's gradient matches its forward (see the float64 gradcheck), so only
  // the forward is compared here.
  it('AveragePooling2D same (forward)', () => parity(new AveragePooling2D({ poolSize: 2, padding: 'same' }), tf.layers.averagePooling2d({ poolSize: 2, padding: 'same' }), [1, 5, 5, 2], { gradients: false }));
  it('BatchNormalization in inference', () => {
    const bn = new BatchNormalization();
    bn.apply(tensor(data([4, 3]), [4, 3]));
    bn.setWeights([tensor([1.5, 0.5, 2]), tensor([0.1, -0.2, 0.3]), tensor([0.2, -0.1, 0.05]), tensor([0.9, 1.2, 0.5])]);
    parity(bn, tf.layers.batchNormalization({}), [4, 3]);
  });
  it('BatchNormalization in training, with the moving statistics update', () => {
    const ours = new BatchNormalization({ momentum: 0.9 });
    const theirs = tf.layers.batchNormalization({ momentum: 0.9 });
    parity(ours, theirs, [5, 3], { training: true });
    // after one training call: moving = 0.9 * initial + 0.1 * batch statistic (biased variance)
    const x = data([5, 3]);
    const column = (j: number) => [0, 1, 2, 3, 4].map((i) => x[i * 3 + j]);
    const means = [0, 1, 2].map((j) => column(j).reduce((a, b) => a + b) / 5);
    const vars = [0, 1, 2].map((j) => column(j).reduce((a, b) => a + (b - means[j]) ** 2, 0) / 5);
    close(ours.getWeights()[2].dataSync(), means.map((m) => 0.1 * m));
    close(ours.getWeights()[3].dataSync(), vars.map((v) => 0.9 + 0.1 * v));
  });
});

describe('bad input', () => {
  it('names the layer, the option and the value', () => {
    expect(() => new Dense({ units: 0 })).toThrow(/Dense: units must be a positive integer, got 0/);
    expect(() => new Dense({ units: 2, activation: 'relux' })).toThrow(/unknown activation 'relux'.*valid names are/);
    expect(() => new Dense({ units: 2, activation: 'prelu' })).toThrow(/PReLU layer/);
    expect(() => new Dense({ units: 2, kernelInitializer: 'hee' }).apply(tensor([[1]]))).toThrow(/unknown initializer 'hee'/);
    expect(() => new LeakyReLU({ negativeSlope: 0.1 } as never)).toThrow(/LeakyReLU: unknown option 'negativeSlope'; valid options are .*alpha/);
    expect(() => new (class extends Dense {})({ units: 2, foo: 1 } as never)).toThrow(/unknown option 'foo'/);
  });

  it('rejects a wrong input after build', () => {
    const dense = new Dense({ units: 2 });
    dense.apply(tensor([[1, 2, 3]]));
    expect(() => dense.apply(tensor([[1, 2]]))).toThrow(/Dense '.*': expected axis -1 of the input to have size 3, got shape \[1,2\]/);
    const conv = new Conv2D({ filters: 1, kernelSize: 1 });
    expect(() => conv.apply(tensor([[1, 2]]))).toThrow(/Conv2D '.*': expected NHWC input of rank 4/);
  });

  it('checks setWeights shapes, naming the layer, the weight and both shapes', () => {
    const dense = new Dense({ units: 2, name: 'probe' });
    dense.apply(tensor([[1, 2, 3]]));
    expect(() => dense.setWeights([tensor([[1, 2]]), tensor([1, 2])])).toThrow(/Dense 'probe': weight probe\/kernel has shape \[3,2\] but setWeights got \[1,2\]/);
  });

  it('gives readable unique names', () => {
    const a = new Dense({ units: 1 });
    const b = new Dense({ units: 1 });
    expect(a.name).toMatch(/^dense(_\d+)?$/);
    expect(b.name).not.toBe(a.name);
  });

  it('freezes a layer with trainable = false', () => {
    const dense = new Dense({ units: 2 });
    dense.apply(tensor([[1, 2]]));
    dense.trainable = false;
    expect(dense.trainableWeights).toEqual([]);
    expect(dense.apply(tensor([[1, 2]])).requiresGrad).toBe(false);
  });

  it('validates Dropout rate', () => {
    expect(() => new (class extends ReLU {})({ maxValue: -1 })).toThrow(/maxValue must be a finite number >= 0, got -1/);
    for (const rate of [-0.1, 1, 1.5, NaN, Infinity]) expect(() => new Dropout({ rate })).toThrow(/Dropout: rate must be a finite number in \[0, 1\), got/);
  });
});

describe('Conv2D with a ReLU on float64 input', () => {
  it('keeps float64 and equals relu(conv2d(x, kernel) + bias), as before its bias and ReLU were fused', async () => {
    const core = await import('@rectify/core');
    setSeed(5);
    const conv = new Conv2D({ filters: 3, kernelSize: 2, activation: 'relu', biasInitializer: 'randomNormal' });
    const x = core.randomNormal([2, 5, 5, 2], { dtype: 'float64' });
    const y = conv.apply(x) as ReturnType<typeof tensor>;
    expect(y.dtype).toBe('float64');
    const want = core.relu(core.add(core.conv2d(x, conv.kernel), conv.bias!));
    expect(want.dtype).toBe('float64');
    expect(Array.from(y.dataSync())).toEqual(Array.from(want.dataSync()));
    expect(Array.from(y.dataSync()).some((v) => v > 0) && Array.from(y.dataSync()).some((v) => v === 0)).toBe(true);
  });
});
