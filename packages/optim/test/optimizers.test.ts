import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tensor } from '@rectify/core';
import { Adam, AdamW, Optimizer, RMSprop, SGD, clipGradNorm, getOptimizer, schedules } from '../src/index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const W0 = [0.5, -1.2, 2.0, 0.05];
const grads = (step: number) => W0.map((w, i) => Math.sin(step + i) + 0.3 * w);

/** Runs `steps` updates with the same gradient sequence in Rectify and TF.js, returns both weights. */
function run(ours: Optimizer, theirs: tf.Optimizer, steps = 6): [number[], number[]] {
  const p = tensor(W0, undefined, { requiresGrad: true });
  const v = tf.variable(tf.tensor(W0));
  for (let s = 0; s < steps; s++) {
    p.grad = tensor(grads(s));
    ours.step([p]);
    theirs.applyGradients({ [v.name]: tf.tensor(grads(s)) });
  }
  return [Array.from(p.dataSync()), Array.from(v.dataSync())];
}

function close(a: number[], b: number[], tol = 1e-5): void {
  a.forEach((x, i) => expect(Math.abs(x - b[i])).toBeLessThan(tol));
}

describe('parity with TF.js optimizers over several steps', () => {
  it('SGD', () => close(...run(new SGD({ learningRate: 0.1 }), tf.train.sgd(0.1))));
  it('SGD with momentum', () => close(...run(new SGD({ learningRate: 0.1, momentum: 0.9 }), tf.train.momentum(0.1, 0.9))));
  it('SGD with Nesterov momentum', () => close(...run(new SGD({ learningRate: 0.1, momentum: 0.9, nesterov: true }), tf.train.momentum(0.1, 0.9, true))));
  it('Adam', () => close(...run(new Adam({ learningRate: 0.01 }), tf.train.adam(0.01, 0.9, 0.999, 1e-7))));
  it('RMSprop', () => close(...run(new RMSprop({ learningRate: 0.01 }), tf.train.rmsprop(0.01, 0.9, 0, 1e-7)), 1e-4));
});

describe('known values', () => {
  it("Adam's first step moves each weight by about the learning rate against the gradient sign", () => {
    const p = tensor([1, 1], undefined, { requiresGrad: true });
    p.grad = tensor([0.5, -2]);
    new Adam({ learningRate: 0.1 }).step([p]);
    close(Array.from(p.dataSync()), [0.9, 1.1], 1e-5);
  });

  it('AdamW decays the weights before the Adam step (decoupled)', () => {
    const p = tensor([2], undefined, { requiresGrad: true });
    p.grad = tensor([0]);
    new AdamW({ learningRate: 0.1, weightDecay: 0.5 }).step([p]);
    // with a zero gradient, Adam's step is 0 and only the decay acts: 2 - 0.1 * 0.5 * 2
    expect(p.item()).toBeCloseTo(1.9, 6);
  });

  it('skips frozen parameters and parameters without gradients, and zeroGrad clears', () => {
    const a = tensor([1], undefined, { requiresGrad: true });
    const b = tensor([1], undefined, { requiresGrad: true });
    a.grad = tensor([1]);
    const opt = new SGD({ learningRate: 0.5 });
    opt.step([a, b]);
    expect([a.item(), b.item()]).toEqual([0.5, 1]);
    opt.zeroGrad([a, b]);
    expect(a.grad).toBeNull();
  });

  it('clipGradNorm scales all gradients to the global norm and returns the norm before clipping', () => {
    const a = tensor([0], undefined, { requiresGrad: true });
    const b = tensor([0], undefined, { requiresGrad: true });
    a.grad = tensor([3]);
    b.grad = tensor([4]);
    expect(clipGradNorm([a, b], 1)).toBeCloseTo(5);
    expect(a.grad!.item()).toBeCloseTo(0.6, 5);
    expect(b.grad!.item()).toBeCloseTo(0.8, 5);
  });

  it('clipNorm on an optimizer clips each gradient', () => {
    const p = tensor([0, 0], undefined, { requiresGrad: true });
    p.grad = tensor([30, 40]);
    new SGD({ learningRate: 1, clipNorm: 5 }).step([p]);
    close(Array.from(p.dataSync()), [-3, -4]);
  });

  it('state export and import resumes identically', () => {
    const make = () => tensor([1, 2], undefined, { requiresGrad: true });
    const [p, q] = [make(), make()];
    const a = new Adam({ learningRate: 0.1 });
    for (let s = 0; s < 3; s++) {
      p.grad = tensor(grads(s).slice(0, 2));
      a.step([p]);
    }
    q.values.set(p.values);
    const b = new Adam({ learningRate: 0.1 });
    b.setState([q], a.getState([p]));
    p.grad = q.grad = tensor([0.3, -0.7]);
    a.step([p]);
    b.step([q]);
    expect(Array.from(q.dataSync())).toEqual(Array.from(p.dataSync()));
  });
});

describe('schedules', () => {
  it('exponentialDecay, piecewiseConstantDecay, cosineDecay with warmup', () => {
    const e = schedules.exponentialDecay({ initialLearningRate: 1, decaySteps: 10, decayRate: 0.5 });
    expect(e(10)).toBeCloseTo(0.5);
    expect(schedules.exponentialDecay({ initialLearningRate: 1, decaySteps: 10, decayRate: 0.5, staircase: true })(15)).toBeCloseTo(0.5);
    const p = schedules.piecewiseConstantDecay({ boundaries: [5, 10], values: [1, 0.5, 0.1] });
    expect([p(0), p(5), p(6), p(11)]).toEqual([1, 1, 0.5, 0.1]);
    const c = schedules.cosineDecay({ initialLearningRate: 0, warmupTarget: 1, warmupSteps: 10, decaySteps: 100 });
    expect(c(5)).toBeCloseTo(0.5);
    expect(c(10)).toBeCloseTo(1);
    expect(c(60)).toBeCloseTo(0.5);
    expect(c(110)).toBeCloseTo(0);
  });

  it('drives an optimizer learning rate by step', () => {
    const opt = new SGD({ learningRate: schedules.stepDecay({ initialLearningRate: 1, stepSize: 1, factor: 0.5 }) });
    const w = tensor([0], undefined, { requiresGrad: true });
    for (let i = 0; i < 3; i++) {
      w.grad = tensor([1]);
      opt.step([w]);
    }
    expect(w.item()).toBeCloseTo(-(1 + 0.5 + 0.25));
  });
});

describe('bad options', () => {
  it('throws clear errors', () => {
    expect(() => new Adam({ learningRate: -1 })).toThrow(/Adam: learningRate must be a finite number >= 0, got -1/);
    expect(() => new Adam({ beta1: 1 })).toThrow(/Adam: beta1 must be a finite number in \[0, 1\), got 1/);
    expect(() => new SGD({ lr: 0.1 } as never)).toThrow(/SGD: unknown option 'lr'; valid options are .*learningRate/);
    expect(() => getOptimizer('adamm')).toThrow(/unknown optimizer "adamm"; valid names are sgd, adam, adamw, rmsprop/);
    expect(getOptimizer('Adam')).toBeInstanceOf(Adam);
  });
});
