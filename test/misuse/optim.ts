import { tensor } from '@rectify/core';
import { Adam, AdamW, RMSprop, SGD, clipGradNorm, getOptimizer, schedules } from '@rectify/optim';
import type { Misuse } from './table.js';

/** A parameter with a gradient, ready for a step. */
function param() {
  const p = tensor([1, 2], undefined, { requiresGrad: true });
  p.grad = tensor([0.5, 0.5]);
  return p;
}

export const optimMisuses: Misuse[] = [
  ['Adam with an infinite learning rate', () => new Adam({ learningRate: Infinity }), /Adam: learningRate must be a finite number >= 0, got Infinity/],
  ['Adam with a NaN learning rate', () => new Adam({ learningRate: NaN }), /Adam: learningRate must be a finite number >= 0, got NaN/],
  ['Adam with a string learning rate', () => new Adam({ learningRate: '0.1' as never }), /Adam: learningRate must be a finite number >= 0 or a schedule function, got "0.1"/],
  ['Adam with beta2 1', () => new Adam({ beta2: 1 }), /Adam: beta2 must be a finite number in \[0, 1\), got 1/],
  ['Adam with epsilon 0', () => new Adam({ epsilon: 0 }), /Adam: epsilon must be a finite number > 0, got 0/],
  ['Adam with a string amsgrad', () => new Adam({ amsgrad: 'yes' as never }), /Adam: amsgrad must be true or false, got "yes"/],
  ['Adam with clipNorm 0', () => new Adam({ clipNorm: 0 }), /Adam: clipNorm must be a finite number > 0, got 0/],
  ['Adam with an infinite clipValue', () => new Adam({ clipValue: Infinity }), /Adam: clipValue must be a finite number > 0, got Infinity/],
  ['Adam given an array of options', () => new Adam([] as never), /Adam: options must be an object, got \[\]; valid options are/],
  ['AdamW with an infinite weight decay', () => new AdamW({ weightDecay: Infinity }), /AdamW: weightDecay must be a finite number >= 0, got Infinity/],
  ['SGD with momentum 1.5', () => new SGD({ momentum: 1.5 }), /SGD: momentum must be a finite number in \[0, 1\], got 1.5/],
  ['SGD with lr instead of learningRate', () => new SGD({ lr: 0.1 } as never), /SGD: unknown option 'lr'; valid options are .*learningRate/],
  ['SGD with a negative weight decay', () => new SGD({ weightDecay: -1 }), /SGD: weightDecay must be a finite number >= 0, got -1/],
  ['RMSprop with rho 1', () => new RMSprop({ rho: 1 }), /RMSprop: rho must be a finite number in \[0, 1\), got 1/],
  ['RMSprop with a negative epsilon', () => new RMSprop({ epsilon: -1 }), /RMSprop: epsilon must be a finite number > 0, got -1/],
  ['RMSprop with an infinite momentum', () => new RMSprop({ momentum: Infinity }), /RMSprop: momentum must be a finite number in \[0, 1\], got Infinity/],
  ['a learning rate set to -1', () => { new SGD().learningRate = -1; }, /SGD: learningRate must be a finite number >= 0, got -1/],
  ['a schedule giving NaN', () => new SGD({ learningRate: () => NaN }).step([param()]), /SGD: the learning-rate schedule gave NaN at step 0; expected a finite number >= 0/],
  ['a step over a non-array', () => new Adam().step('w' as never), /Adam.step: expected an array of parameter tensors \(e.g. model.trainableWeights\), got "w"/],
  ['a step over one tensor, not an array', () => new SGD().step(param() as never), /SGD.step: expected an array of parameter tensors \(e.g. model.trainableWeights\), got a Tensor of shape \[2\]/],
  ['getState of a non-array', () => new Adam().getState(5 as never), /Adam.getState: expected an array of parameter tensors \(e.g. model.trainableWeights\), got 5/],
  ['setState with a wrong count', () => new Adam().setState([param()], [tensor(0)]), /Adam.setState: expected 3 tensors, got 1/],
  ['exponentialDecay with decaySteps 0', () => schedules.exponentialDecay({ initialLearningRate: 0.1, decaySteps: 0, decayRate: 0.9 }), /exponentialDecay: decaySteps must be a finite number > 0, got 0/],
  ['exponentialDecay with an infinite start', () => schedules.exponentialDecay({ initialLearningRate: Infinity, decaySteps: 10, decayRate: 0.9 }), /exponentialDecay: initialLearningRate must be a finite number >= 0, got Infinity/],
  ['exponentialDecay with a misspelt option', () => schedules.exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decay: 0.9 } as never), /exponentialDecay: unknown option 'decay'; valid options are/],
  ['piecewiseConstantDecay with decreasing boundaries', () => schedules.piecewiseConstantDecay({ boundaries: [10, 5], values: [1, 2, 3] }), /piecewiseConstantDecay: boundaries\[1\] must be a finite number > 10, got 5/],
  ['stepDecay with a NaN factor', () => schedules.stepDecay({ initialLearningRate: 0.1, stepSize: 10, factor: NaN }), /stepDecay: factor must be a finite number > 0, got NaN/],
  ['cosineDecay with alpha 2', () => schedules.cosineDecay({ initialLearningRate: 0.1, decaySteps: 10, alpha: 2 }), /cosineDecay: alpha must be a finite number in \[0, 1\], got 2/],
  ['cosineDecay with fractional warmup steps', () => schedules.cosineDecay({ initialLearningRate: 0.1, decaySteps: 10, warmupSteps: 1.5 }), /cosineDecay: warmupSteps must be a non-negative integer, got 1.5/],
  ['clipGradNorm to 0', () => clipGradNorm([param()], 0), /clipGradNorm: maxNorm must be a finite number > 0, got 0/],
  ['clipGradNorm to Infinity', () => clipGradNorm([param()], Infinity), /clipGradNorm: maxNorm must be a finite number > 0, got Infinity/],
  ['getOptimizer of a misspelt name', () => getOptimizer('adamm'), /optimizer: unknown optimizer "adamm"; valid names are sgd, adam, adamw, rmsprop/],
];
