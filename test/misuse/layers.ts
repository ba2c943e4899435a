import { tensor } from '@rectify/core';
import {
  Activation, AveragePooling2D, BatchNormalization, Conv2D, Dense, Dropout, ELU, LeakyReLU, MaxPooling2D, PReLU, ReLU, Reshape, Softmax, Swish,
  deserializeLayer, initializers,
} from '@rectify/layers';
import type { Misuse } from './table.js';

/** A Dense layer built for 3 input features. */
function builtDense(): Dense {
  const dense = new Dense({ units: 2, name: 'probe' });
  dense.apply(tensor([[1, 2, 3]]));
  return dense;
}

export const layerMisuses: Misuse[] = [
  ['Dense with 0 units', () => new Dense({ units: 0 }), /Dense: units must be a positive integer, got 0/],
  ['Dense with fractional units', () => new Dense({ units: 2.5 }), /Dense: units must be a positive integer, got 2.5/],
  ['Dense with no options', () => new Dense(undefined as never), /Dense: options are required, e.g. new Dense\(\{ units: 10 \}\); got undefined/],
  ['Dense with inputShape [-1]', () => new Dense({ units: 4, inputShape: [-1] }), /Dense: inputShape \[-1\] has -1 at index 0; expected positive integers/],
  ['Dense with inputShape [2.5]', () => new Dense({ units: 4, inputShape: [2.5] }), /Dense: inputShape \[2.5\] has 2.5 at index 0; expected positive integers/],
  ['Dense with a number as inputShape', () => new Dense({ units: 4, inputShape: 784 as never }), /Dense: inputShape must be an array of positive integers, got 784/],
  ['Dense with batchInputShape [null, 0]', () => new Dense({ units: 4, batchInputShape: [null, 0] }), /Dense: batchInputShape \[null, 0\] has 0 at index 1/],
  ['Dense with both input shapes', () => new Dense({ units: 4, inputShape: [3], batchInputShape: [null, 3] }), /Dense: give inputShape or batchInputShape, not both/],
  ['Dense with a misspelt option', () => new Dense({ units: 4, unit: 3 } as never), /Dense: unknown option 'unit'; valid options are .*units/],
  ['Dense with a string useBias', () => new Dense({ units: 2, useBias: 'no' as never }), /Dense: useBias must be true or false, got "no"/],
  ['Dense with an unknown initializer', () => new Dense({ units: 2, kernelInitializer: 'hee' }), /initializer: unknown initializer 'hee'; valid names are/],
  ['Dense with an empty name', () => new Dense({ units: 2, name: '' }), /Dense: name must be a non-empty string, got ""/],
  ['Dense with an int32 dtype', () => new Dense({ units: 2, dtype: 'int32' as never }), /Dense: dtype must be one of 'float32', 'float64', got "int32"/],
  ['Dense with trainable 1', () => new Dense({ units: 2, trainable: 1 as never }), /Dense: trainable must be true or false, got 1/],
  ['Dense with a 2e9-element kernel', () => new Dense({ units: 1e9 }).apply(tensor([[1, 2]])), /Dense 'dense[_\d]*' weight 'kernel': shape \[2,1000000000\] holds 2000000000 elements, more than the 1073741824/],
  ['Dense applied to the wrong width', () => builtDense().apply(tensor([[1, 2]])), /Dense 'probe': expected axis -1 of the input to have size 3, got shape \[1,2\]/],
  ['Dense trainable set to a string', () => { builtDense().trainable = 'no' as never; }, /Dense 'probe': trainable must be true or false, got "no"/],
  ['Conv2D with 0 filters', () => new Conv2D({ filters: 0, kernelSize: 3 }), /Conv2D: filters must be a positive integer, got 0/],
  ['Conv2D with a one-entry kernelSize', () => new Conv2D({ filters: 2, kernelSize: [3] as never }), /Conv2D: kernelSize must be a positive integer or a pair of them, got \[3\]/],
  ['Conv2D with an unknown padding', () => new Conv2D({ filters: 2, kernelSize: 3, padding: 'full' as never }), /Conv2D: padding must be one of 'valid', 'same', got "full"/],
  ['Conv2D channels first', () => new Conv2D({ filters: 2, kernelSize: 3, dataFormat: 'channelsFirst' as never }), /Conv2D: dataFormat must be 'channelsLast' \(NHWC, the only layout supported\), got "channelsFirst"/],
  ['MaxPooling2D with poolSize 0', () => new MaxPooling2D({ poolSize: 0 }), /MaxPooling2D: poolSize must be a positive integer or a pair of them, got 0/],
  ['AveragePooling2D with negative strides', () => new AveragePooling2D({ strides: -1 }), /AveragePooling2D: strides must be a positive integer or a pair of them, got -1/],
  ['Dropout with rate 1', () => new Dropout({ rate: 1 }), /Dropout: rate must be a finite number in \[0, 1\), got 1/],
  ['Dropout with rate NaN', () => new Dropout({ rate: NaN }), /Dropout: rate must be a finite number in \[0, 1\), got NaN/],
  ['Dropout with an infinite seed', () => new Dropout({ rate: 0.5, seed: Infinity }), /Dropout: seed must be a finite number, got Infinity/],
  ['BatchNormalization with momentum 1.5', () => new BatchNormalization({ momentum: 1.5 }), /BatchNormalization: momentum must be a finite number in \[0, 1\], got 1.5/],
  ['BatchNormalization with epsilon 0', () => new BatchNormalization({ epsilon: 0 }), /BatchNormalization: epsilon must be a finite number > 0, got 0/],
  ['BatchNormalization with a fractional axis', () => new BatchNormalization({ axis: 0.5 }), /BatchNormalization: axis must be an integer, got 0.5/],
  ['ReLU with an infinite maxValue', () => new ReLU({ maxValue: Infinity }), /ReLU: maxValue must be a finite number >= 0, got Infinity/],
  ['ReLU with a negative slope', () => new ReLU({ negativeSlope: -1 }), /ReLU: negativeSlope must be a finite number >= 0, got -1/],
  ['LeakyReLU with alpha NaN', () => new LeakyReLU({ alpha: NaN }), /LeakyReLU: alpha must be a finite number, got NaN/],
  ['ELU with an infinite alpha', () => new ELU({ alpha: Infinity }), /ELU: alpha must be a finite number, got Infinity/],
  ['Swish with beta NaN', () => new Swish({ beta: NaN }), /Swish: beta must be a finite number, got NaN/],
  ['PReLU sharing the batch axis', () => new PReLU({ sharedAxes: [0] }), /PReLU: sharedAxes must be distinct integer axes >= 1 \(axis 0 is the batch\), got \[0\]/],
  ['Softmax over a fractional axis', () => new Softmax({ axis: 1.5 }), /Softmax: axis must be an integer, got 1.5/],
  ['Reshape with two -1s', () => new Reshape({ targetShape: [-1, -1] }), /Reshape: targetShape must be positive integers with at most one -1, got \[-1, -1\]/],
  ['Activation of an unknown name', () => new Activation('relux'), /Activation: unknown activation 'relux'; valid names are/],
  ['deserializeLayer of null', () => deserializeLayer(null as never), /deserializeLayer: expected \{ className, config \}, got null/],
  ['deserializeLayer of an unknown class', () => deserializeLayer({ className: 'Dense3D', config: {} }), /deserializeLayer: unknown layer class 'Dense3D'; known classes are/],
  ['randomNormal initializer with a negative stddev', () => initializers.randomNormal({ stddev: -1 }), /RandomNormal initializer: stddev must be a finite number >= 0, got -1/],
  ['randomUniform initializer with maxval < minval', () => initializers.randomUniform({ minval: 1, maxval: 0 }), /RandomUniform initializer: maxval must be a finite number >= 1, got 0/],
  ['varianceScaling with an unknown mode', () => initializers.varianceScaling({ mode: 'fan_middle' as never }), /VarianceScaling initializer: mode must be one of 'fanIn', 'fanOut', 'fanAvg', got "fan_middle"/],
  ['varianceScaling with scale 0', () => initializers.varianceScaling({ scale: 0 }), /VarianceScaling initializer: scale must be a finite number > 0, got 0/],
  ['constant initializer of Infinity', () => initializers.constant({ value: Infinity }), /Constant initializer: value must be a finite number, got Infinity/],
  ['glorotUniform with a NaN seed', () => initializers.glorotUniform({ seed: NaN }), /GlorotUniform initializer: seed must be a finite number, got NaN/],
  ['heNormal with a scale that is not its own', () => initializers.heNormal({ scale: 5 } as never), /HeNormal initializer: scale is 5 but HeNormal always uses 2; use varianceScaling for other settings/],
  ['heNormal with a misspelt option', () => initializers.heNormal({ sed: 1 } as never), /HeNormal initializer: unknown option 'sed'; valid options are distribution, mode, scale, seed/],
];
