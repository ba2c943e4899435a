import { describe, expect, it } from 'vitest';
import { tensor, zeros } from '@rectify/core';
import {
  ActivityRegularization, CenterCrop, Conv1D, Conv2D, Conv2DTranspose, Cropping2D, Dense, DepthwiseConv2D, GroupNormalization, LayerNormalization,
  Normalization, Permute, RandomRotation, RandomZoom, RepeatVector, Rescaling, Resizing, SeparableConv2D, SpatialDropout2D, UpSampling2D, ZeroPadding2D,
  Registry, constraints, getActivation, getConstraint, getRegularizer, initializers, getInitializer, regularizers, deserializeLayer,
} from '../src/index.js';

describe('bad input to the new layers is refused, naming the layer, the option and the value', () => {
  const cases: Array<[string, () => unknown, RegExp]> = [
    ['DepthwiseConv2D without kernelSize', () => new DepthwiseConv2D({} as never), /DepthwiseConv2D: kernelSize must be a positive integer or a pair of them, got undefined/],
    ['DepthwiseConv2D depthMultiplier 0', () => new DepthwiseConv2D({ kernelSize: 3, depthMultiplier: 0 }), /DepthwiseConv2D: depthMultiplier must be an integer >= 1, got 0|DepthwiseConv2D: depthMultiplier must be .*got 0/],
    ['SeparableConv2D channels first', () => new SeparableConv2D({ filters: 2, kernelSize: 3, dataFormat: 'channels_first' as never }), /SeparableConv2D: dataFormat must be 'channelsLast'/],
    ['Conv2DTranspose outputPadding', () => new Conv2DTranspose({ filters: 2, kernelSize: 3, outputPadding: [1, 1] as never }), /Conv2DTranspose: outputPadding \[1, 1\] is not supported/],
    ['Conv1D causal on Conv2D', () => new Conv2D({ filters: 2, kernelSize: 3, padding: 'causal' }), /Conv2D: padding must be one of 'valid', 'same'|Conv2D: padding must be/],
    ['Conv1D with a pair kernel', () => new Conv1D({ filters: 2, kernelSize: [3, 3] as never }), /Conv1D: kernelSize must be a positive integer \(or a list of one\), got \[3, 3\]/],
    ['Conv2D groups not dividing filters', () => new Conv2D({ filters: 3, kernelSize: 1, groups: 2 }), /Conv2D: filters \(3\) must be divisible by groups \(2\)/],
    ['Conv2D groups not dividing channels', () => new Conv2D({ filters: 4, kernelSize: 1, groups: 2 }).apply(zeros([1, 2, 2, 3])), /the input's 3 channels do not split into 2 groups/],
    ['ZeroPadding2D negative', () => new ZeroPadding2D({ padding: -1 }), /ZeroPadding2D: padding must be a non-negative integer.*got -1/],
    ['ZeroPadding2D three axes', () => new ZeroPadding2D({ padding: [1, 1, 1] as never }), /ZeroPadding2D: padding must be/],
    ['Cropping2D cropping everything', () => new Cropping2D({ cropping: [[2, 2], [0, 0]] }).apply(zeros([1, 4, 4, 1])), /Cropping2D '.*': cropping 2 \+ 2 from axis 1 of size 4 leaves nothing/],
    ['UpSampling2D interpolation', () => new UpSampling2D({ interpolation: 'bicubic' as never }), /UpSampling2D: interpolation must be .*'nearest'.*got 'bicubic'|UpSampling2D: interpolation/],
    ['RepeatVector on rank 3', () => new RepeatVector({ n: 2 }).apply(zeros([1, 2, 3])), /RepeatVector '.*': expected input of rank 2/],
    ['Permute not a permutation', () => new Permute({ dims: [1, 1] }), /Permute: dims must be a permutation of 1..2/],
    ['LayerNormalization rmsScaling', () => new LayerNormalization({ rmsScaling: true }), /LayerNormalization: rmsScaling true is not supported/],
    ['GroupNormalization groups not dividing', () => new GroupNormalization({ groups: 3 }).apply(zeros([1, 4])), /groups \(3\) must divide the 4 channels/],
    ['SpatialDropout2D rate 1', () => new SpatialDropout2D({ rate: 1 }), /SpatialDropout2D: rate must be a finite number in \[0, 1\)/],
    ['ActivityRegularization negative l1', () => new ActivityRegularization({ l1: -1 }), /ActivityRegularization: l1 must be a finite number >= 0, got -1/],
    ['Rescaling without scale', () => new Rescaling({} as never), /Rescaling: scale must be a finite number, got undefined/],
    ['Normalization mean without variance', () => new Normalization({ mean: [1] }), /Normalization: give both mean and variance/],
    ['Normalization adapt with fixed statistics', () => new Normalization({ mean: 0, variance: 1 }).adapt(zeros([2, 3])), /mean and variance were given, so there is nothing to adapt/],
    ['Normalization adapt of a wrong width', () => { const n = new Normalization(); n.apply(zeros([2, 3])); n.adapt(zeros([2, 4])); }, /adapt data of shape \[2, 4\] does not match/],
    ['CenterCrop larger than the image', () => new CenterCrop({ height: 5, width: 5 }).apply(zeros([1, 4, 4, 1])), /CenterCrop '.*': images of 4x4 are smaller than the 5x5 crop/],
    ['Resizing of a vector', () => new Resizing({ height: 2, width: 2 }).apply(zeros([2, 3])), /Resizing '.*': expected NHWC images of rank 4/],
    ['RandomRotation without factor', () => new RandomRotation({} as never), /RandomRotation: factor must be a non-negative number or \[lower, upper\], got undefined/],
    ['RandomRotation with an unknown fill mode', () => new RandomRotation({ factor: 0.1, fillMode: 'mirror' as never }), /RandomRotation: fillMode must be .*got 'mirror'|RandomRotation: fillMode/],
    ['RandomZoom zooming to nothing', () => new RandomZoom({ heightFactor: [-1, 0] }), /RandomZoom: a zoom factor must stay above -1/],
    ['an unknown regularizer', () => new Dense({ units: 2, kernelRegularizer: 'l3' }), /Dense: kernelRegularizer: unknown regularizer 'l3'; valid names are l1, l1l2, l2/],
    ['an unknown constraint class', () => getConstraint({ className: 'MaxNorms' }), /unknown constraint 'MaxNorms'/],
    ['a regularizer with a negative factor', () => regularizers.l2({ l2: -0.1 }), /L2 regularizer: l2 must be a finite number >= 0, got -0.1/],
    ['maxNorm with a string axis', () => constraints.maxNorm({ axis: 'x' as never }), /MaxNorm constraint: axis must be an integer or a list of them, got 'x'|MaxNorm constraint: axis must be/],
    ['a regularizer of the wrong type', () => getRegularizer(42 as never), /regularizer: expected a regularizer/],
  ];
  for (const [name, run, message] of cases) {
    it(name, () => {
      let error: unknown;
      try {
        run();
      } catch (e) {
        error = e;
      }
      expect(error, 'it did not throw').toBeInstanceOf(Error);
      expect((error as Error).constructor).toBe(Error);
      expect((error as Error).message).toMatch(message);
    });
  }
});

describe('one Registry for every kind of name', () => {
  it('finds Keras, TF.js and camelCase spellings of the same entry', () => {
    const r = new Registry<number>('unit');
    r.register('maxNorm', 1, ['Deconv']);
    expect(['maxNorm', 'max_norm', 'MaxNorm', 'Deconv', 'deconv'].map((n) => r.get(n))).toEqual([1, 1, 1, 1, 1]);
    expect(() => r.get('constructor')).toThrow(/unknown unit 'constructor'; valid names are maxNorm/);
    expect(getActivation('hard_swish')(tensor([3])).item()).toBeCloseTo(3);
    expect(getActivation('leaky_relu')(tensor([-1])).item()).toBeCloseTo(-0.3);
    expect(getActivation('silu')(tensor([0])).item()).toBe(0);
    expect(getInitializer('he_normal').className).toBe('HeNormal');
    expect(getConstraint('non_neg')!.className).toBe('NonNeg');
    expect(deserializeLayer({ className: 'Deconvolution2D', config: { filters: 2, kernelSize: 2 } }).className).toBe('Conv2DTranspose');
    expect(initializers.glorotUniform().className).toBe('GlorotUniform');
  });

  it('Keras activation strings work wherever activation is accepted', () => {
    for (const name of ['relu6', 'hard_sigmoid', 'hard_swish', 'silu', 'leaky_relu', 'mish', 'softsign', 'exponential', 'log_softmax']) {
      const y = new Dense({ units: 2, activation: name }).apply(tensor([[0.5, -1]]));
      expect(y.shape).toEqual([1, 2]);
    }
  });
});
