import { describe, expect, it } from 'vitest';
import { randomNormal, setSeed, tensor } from '@rectify/core';
import { Dense, PReLU, initializers } from '@rectify/layers';
import { DeadUnitMonitor, GradientFlow, Sequential, activationCurve, activationStats, gradientStats, plot } from '../../src/index.js';

function deep(activation: string, kernelInitializer: string): Sequential {
  const layers = [new Dense({ units: 32, activation, kernelInitializer, inputShape: [16] })];
  for (let i = 0; i < 9; i++) layers.push(new Dense({ units: 32, activation, kernelInitializer }));
  const model = new Sequential({ layers: [...layers, new Dense({ units: 4, activation: 'softmax' })] });
  model.compile({ optimizer: 'sgd', loss: 'sparseCategoricalCrossentropy' });
  return model;
}

describe('activationStats', () => {
  it('finds every unit dead when the bias is -100', () => {
    const model = new Sequential({ layers: [new Dense({ units: 8, activation: 'relu', biasInitializer: initializers.constant({ value: -100 }), inputShape: [4] })] });
    const [row] = activationStats(model, randomNormal([64, 4], { seed: 1 }));
    expect(row).toMatchObject({ className: 'Dense', sparsity: 1, deadFraction: 1, mean: 0, std: 0 });
  });

  it('matches hand-computed values on a tiny model', () => {
    const model = new Sequential({ layers: [new Dense({ units: 2, activation: 'relu', inputShape: [1] })] });
    model.setWeights([tensor([[1, -1]]), tensor([0, -5])]);
    // outputs for x = 1, 2: [[1, 0], [2, 0]]: half the values zero, unit 2 dead; mean 0.75, std sqrt(0.6875)
    const [row] = activationStats(model, tensor([[1], [2]]));
    expect(row.sparsity).toBe(0.5);
    expect(row.deadFraction).toBe(0.5);
    expect(row.mean).toBeCloseTo(0.75);
    expect(row.std).toBeCloseTo(Math.sqrt(0.6875));
  });
});

describe('gradientStats', () => {
  it("shows vanishing gradients: a 10-layer sigmoid net's first layer gets orders of magnitude less than a He-initialized ReLU net's", () => {
    setSeed(7);
    const x = randomNormal([64, 16], { seed: 2 });
    const y = tensor(Array.from({ length: 64 }, (_, i) => i % 4));
    const sigmoid = gradientStats(deep('sigmoid', 'glorotUniform'), x, y);
    const relu = gradientStats(deep('relu', 'heNormal'), x, y);
    const first = (rows: typeof relu) => rows.find((r) => r.weight === 'kernel')!.gradNorm;
    expect(first(relu) / first(sigmoid)).toBeGreaterThan(100);
    expect(relu[0]).toMatchObject({ weight: 'kernel' });
    expect(relu[0].weightNorm).toBeGreaterThan(0);
  });

  it('leaves weights and existing gradients untouched', () => {
    const model = deep('relu', 'heNormal');
    const before = model.getWeights().map((w) => Array.from(w.dataSync()));
    gradientStats(model, randomNormal([8, 16], { seed: 3 }), tensor([0, 1, 2, 3, 0, 1, 2, 3]));
    expect(model.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(before);
    expect(model.trainableWeights.every((w) => w.grad === null)).toBe(true);
  });
});

describe('DeadUnitMonitor and GradientFlow', () => {
  it('add dead fractions and gradient norms to the history, and warn naming the dying layers', async () => {
    setSeed(3);
    const x = randomNormal([32, 4], { seed: 4 });
    const y = tensor(Array.from({ length: 32 }, (_, i) => (i % 3 === 0 ? 1 : 0))); // unbalanced, so the output bias gets a gradient
    const model = new Sequential({
      layers: [new Dense({ units: 8, activation: 'relu', biasInitializer: initializers.constant({ value: -50 }), inputShape: [4], name: 'doomed' }), new Dense({ units: 2, activation: 'softmax', name: 'out' })],
    });
    model.compile({ optimizer: 'sgd', loss: 'sparseCategoricalCrossentropy' });
    const warnings: string[] = [];
    const h = await model.fit(x, y, { epochs: 2, verbose: 0, callbacks: [new DeadUnitMonitor({ data: x, warnAbove: 0.5, logger: (m) => warnings.push(m) }), new GradientFlow({ x, y })] });
    expect(h.history.deadFraction).toEqual([1, 1]);
    expect(h.history['deadFraction/doomed']).toEqual([1, 1]);
    expect(warnings[0]).toMatch(/epoch 1: units are dying in doomed \(100% dead\)/);
    expect(h.history['gradNorm/doomed']).toEqual([0, 0]);
    expect(h.history['gradNorm/out'][0]).toBeGreaterThan(0);
  });
});

describe('plot', () => {
  it("draws an activation and its autograd derivative: relu' is 0 then 1, sigmoid' peaks at 0.25", () => {
    const relu = activationCurve('relu', { from: -2, to: 2, points: 5 });
    expect(relu.y).toEqual([0, 0, 0, 1, 2]);
    expect(relu.dy).toEqual([0, 0, 0, 1, 1]);
    const s = activationCurve('sigmoid', { from: -3, to: 3, points: 61 });
    expect(Math.max(...s.dy)).toBeCloseTo(0.25, 6);
    const svg = plot.activation('elu', { from: -4, to: 4 });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('elu&apos;(x)');
    // a well-formed document: every opened tag is closed
    const open = (svg.match(/<(?!\/)[a-z]+[^>]*[^/]>/g) ?? []).length;
    expect(open).toBe((svg.match(/<\/[a-z]+>/g) ?? []).length);
  });

  it('plots a learned PReLU layer and user functions', () => {
    const prelu = new PReLU({ alphaInitializer: initializers.constant({ value: 0.25 }) });
    const c = activationCurve(prelu, { from: -1, to: 1, points: 3 });
    expect(c.dy).toEqual([0.25, 0, 1]); // at the kink x = 0, relu'(0) = 0 on both sides of relu(x) - alpha * relu(-x)
    expect(activationCurve((x) => x.square(), { from: -1, to: 1, points: 3 }).dy).toEqual([-2, 0, 2]);
    expect(() => plot.activation('nope')).toThrow(/plot.activation: unknown activation 'nope'/);
  });

  it('plots training curves', () => {
    const svg = plot.history({ history: { loss: [1, 0.5, 0.3], val_loss: [1.1, 0.7, 0.6], accuracy: [0.5, 0.7, 0.8] } });
    for (const label of ['>loss<', '>val_loss<', '>accuracy<']) expect(svg).toContain(label);
    expect(() => plot.history({ history: {} })).toThrow(/at least one recorded epoch/);
  });
});
