import { describe, expect, it } from 'vitest';
import { randomNormal } from '@rectify/core';
import { Dense, input } from '@rectify/layers';
import { Model, Sequential, loadModel, modelToArtifacts } from '../../src/index.js';
import type { Tensor } from '@rectify/core';

describe('nested models', () => {
  it('a graph model and a Sequential inside a Sequential round-trip', async () => {
    const x = input({ shape: [3] });
    const inner = new Model({ inputs: x, outputs: new Dense({ units: 4, activation: 'relu' }).apply(x), name: 'inner_graph' });
    const innerSeq = new Sequential({ name: 'inner_seq', layers: [new Dense({ units: 2, inputShape: [4] })] });
    const outer = new Sequential({ name: 'outer', layers: [inner, innerSeq, new Dense({ units: 1 })] });
    const v = randomNormal([5, 3], { seed: 1 });
    const before = outer.predict(v);
    const back = await loadModel(modelToArtifacts(outer));
    expect(back.layers.map((l) => l.className)).toEqual(['Functional', 'Sequential', 'Dense']);
    expect((back.predict(v) as Tensor).toArray()).toEqual(before.toArray());
    expect(back.countParams()).toBe(outer.countParams());
  });
});
