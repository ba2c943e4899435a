import { describe, expect, it } from 'vitest';
import { Tensor, randomNormal, setSeed, tensor } from '@rectify/core';
import { Add, Average, Concatenate, Dense, Dot, Dropout, Maximum, Minimum, Multiply, Subtract, input } from '@rectify/layers';
import { Model, Sequential, model } from '../../src/index.js';

const rows = (t: Tensor) => t.toArray() as number[][];

describe('the functional API', () => {
  it('records calls symbolically, infers shapes and runs the graph', () => {
    const x = input({ shape: [4], name: 'features' });
    const h = new Dense({ units: 8, activation: 'relu' }).apply(x);
    expect(h.shape).toEqual([null, 8]);
    const y = new Dense({ units: 2 }).apply(new Add().apply([h, new Dense({ units: 8 }).apply(x)]) as never);
    const m = model({ inputs: x, outputs: y, name: 'residual' });
    expect(m.inputNames).toEqual(['features']);
    expect(m.layers[0].name).toBe('features');
    const out = m.predict(randomNormal([5, 4], { seed: 1 }));
    expect(out.shape).toEqual([5, 2]);
  });

  it('shares the weights of a layer applied twice and counts them once', () => {
    const a = input({ shape: [3] });
    const b = input({ shape: [3] });
    const shared = new Dense({ units: 2, useBias: false });
    const m = new Model({ inputs: [a, b], outputs: new Subtract().apply([shared.apply(a), shared.apply(b)]) as never });
    expect(m.countParams()).toBe(6);
    expect(shared.inboundNodes.length).toBe(2);
    const x = randomNormal([2, 3], { seed: 2 });
    // the same input on both sides gives exactly zero
    expect(rows(m.predict([x, x]))).toEqual([[0, 0], [0, 0]]);
    expect(() => shared.output).toThrow(/called 2 times in graphs, so its output is ambiguous; use getOutputAt/);
  });

  it('takes x and y as arrays or records by name, and predicts an array for several outputs', async () => {
    const a = input({ shape: [2], name: 'a' });
    const b = input({ shape: [3], name: 'b' });
    const j = new Concatenate().apply([a, b]) as never;
    const m = new Model({ inputs: [a, b], outputs: [new Dense({ units: 1, name: 'p' }).apply(j), new Dense({ units: 2, name: 'q' }).apply(j)] });
    const xa = randomNormal([6, 2], { seed: 1 });
    const xb = randomNormal([6, 3], { seed: 2 });
    const byArray = m.predict<Tensor[]>([xa, xb]);
    const byName = m.predict<Tensor[]>({ b: xb, a: xa });
    expect(byArray.map((t) => t.shape)).toEqual([[6, 1], [6, 2]]);
    expect(byName[1].toArray()).toEqual(byArray[1].toArray());
    m.compile({ optimizer: 'sgd', loss: { p: 'mse', q: 'mse' }, metrics: { q: 'mae' } });
    const h = await m.fit({ a: xa, b: xb }, [randomNormal([6, 1]), randomNormal([6, 2])], { epochs: 2, verbose: 0 });
    expect(Object.keys(h.history).sort()).toEqual(['loss', 'p_loss', 'q_loss', 'q_mae']);
    const logs = m.evaluate([xa, xb], { p: randomNormal([6, 1]), q: randomNormal([6, 2]) });
    expect(Object.keys(logs).sort()).toEqual(['loss', 'p_loss', 'q_loss', 'q_mae']);
    expect(() => m.predict({ a: xa })).toThrow(/predict: x is missing 'b'/);
    expect(() => m.predict({ a: xa, b: xb, c: xb })).toThrow(/x names 'c', which the model does not have; expected a, b/);
    expect(() => m.compile({ optimizer: 'sgd', loss: ['mse'] })).toThrow(/loss has 1 entries but the model has 2 output\(s\) \(p, q\)/);
    expect(() => m.compile({ optimizer: 'sgd', loss: { r: 'mse' } })).toThrow(/loss names 'r', which are not outputs of the model/);
  });

  it('applies a model to new inputs, and nests models as layers', () => {
    const x = input({ shape: [3] });
    const inner = new Model({ inputs: x, outputs: new Dense({ units: 2 }).apply(x) });
    const z = input({ shape: [3] });
    const outer = new Model({ inputs: z, outputs: new Dense({ units: 1 }).apply(inner.apply(z)) });
    expect(outer.layers.map((l) => l.className)).toEqual(['InputLayer', 'Functional', 'Dense']);
    expect(outer.countParams()).toBe(8 + 3);
    const v = randomNormal([4, 3], { seed: 5 });
    const direct = outer.getLayer(2).apply(inner.apply(v)) as Tensor;
    expect(outer.predict(v).toArray()).toEqual(direct.toArray());
  });

  it('merge layers compute what Keras computes', () => {
    const a = tensor([[1, 5], [-2, 0.5]]);
    const b = tensor([[3, 1], [4, -1]]);
    expect(rows(new Add().apply([a, b]) as Tensor)).toEqual([[4, 6], [2, -0.5]]);
    expect(rows(new Subtract().apply([a, b]) as Tensor)).toEqual([[-2, 4], [-6, 1.5]]);
    expect(rows(new Multiply().apply([a, b]) as Tensor)).toEqual([[3, 5], [-8, -0.5]]);
    expect(rows(new Average().apply([a, b]) as Tensor)).toEqual([[2, 3], [1, -0.25]]);
    expect(rows(new Maximum().apply([a, b]) as Tensor)).toEqual([[3, 5], [4, 0.5]]);
    expect(rows(new Minimum().apply([a, b]) as Tensor)).toEqual([[1, 1], [-2, -1]]);
    expect(rows(new Concatenate().apply([a, b]) as Tensor)).toEqual([[1, 5, 3, 1], [-2, 0.5, 4, -1]]);
    expect(rows(new Dot({ axes: 1 }).apply([a, b]) as Tensor)).toEqual([[8], [-8.5]]);
    const cos = new Dot({ axes: 1, normalize: true }).apply([tensor([[3, 4]]), tensor([[4, 3]])]) as Tensor;
    expect(cos.item()).toBeCloseTo(24 / 25, 6);
    // [b, 2, 3] . [b, 3, 2] over axes [2, 1] is a batched matrix product
    const m1 = tensor([[[1, 2, 3], [4, 5, 6]]]);
    const m2 = tensor([[[1, 0], [0, 1], [1, 1]]]);
    expect((new Dot({ axes: [2, 1] }).apply([m1, m2]) as Tensor).toArray()).toEqual([[[4, 5], [10, 11]]]);
    // a [b, 1] input broadcasts against [b, n]
    expect(rows(new Add().apply([a, tensor([[10], [20]])]) as Tensor)).toEqual([[11, 15], [18, 20.5]]);
  });

  it('refuses bad graphs and shapes with errors naming the layers', () => {
    const x = input({ shape: [4] });
    const other = input({ shape: [4], name: 'other_input' });
    const y = new Dense({ units: 2, name: 'needs_other' }).apply(other);
    expect(() => new Model({ inputs: x, outputs: y })).toThrow(/graph disconnected: layer 'needs_other' \(Dense\) needs the input 'other_input' \[null,4\], which is not in the model's inputs/);
    expect(() => new Model({ inputs: [x, x], outputs: x })).toThrow(/the input '.*' is given twice in inputs/);
    const a = new Dense({ units: 3, name: 'three' }).apply(x);
    const b = new Dense({ units: 5, name: 'five' }).apply(x);
    expect(() => new Add({ name: 'join' }).apply([a, b])).toThrow(/Add 'join': inputs with shapes \[null,3\] and \[null,5\] cannot be combined element by element.*input from 'three' \[null,3\], 'five' \[null,5\]/);
    expect(() => new Concatenate().apply([a, new Dense({ units: 2 }).apply(input({ shape: [2, 2] }))])).toThrow(/inputs must have the same rank/);
    const d1 = new Dense({ units: 2, name: 'twin' }).apply(x);
    const d2 = new Dense({ units: 2, name: 'twin' }).apply(d1);
    expect(() => new Model({ inputs: x, outputs: d2 })).toThrow(/two layers are named 'twin' \(Dense and Dense\); layer names must be unique within a model/);
    expect(() => new Model({ inputs: x, outputs: 'y' as never })).toThrow(/outputs\[0\] must be a symbolic tensor/);
    expect(() => new Model({ inputs: a, outputs: b })).toThrow(/inputs\[0\] comes from layer 'three' \(Dense\); a model's inputs must be made by input\(\)/);
    expect(() => new Sequential({ layers: [new Dense({ units: 2, name: 'dup', inputShape: [2] }), new Dense({ units: 2, name: 'dup' })] })).toThrow(/already has a layer named 'dup'/);
    expect(() => new Sequential([new Dense({ units: 2 })] as never)).toThrow(/got an array \(write new Sequential\(\{ layers: \[\.\.\.\] \}\)\)/);
    expect(() => new Model({ inputs: x } as never)).toThrow();
  });
});

describe('layers inside layers: trainable, weights and build', () => {
  it('model.trainable = false freezes every weight below it; transfer learning moves only the head', async () => {
    setSeed(3);
    const x = input({ shape: [4] });
    const h1 = new Dense({ units: 6, activation: 'relu', name: 'trunk_a' }).apply(x);
    const h2 = new Dense({ units: 5, activation: 'relu', name: 'trunk_b' }).apply(h1);
    const base = new Model({ inputs: x, outputs: new Dense({ units: 3, name: 'old_head' }).apply(h2) });
    const trunk = new Model({ inputs: base.inputs, outputs: base.getLayer('trunk_b').output as never, name: 'trunk' });
    trunk.trainable = false;
    expect(base.getLayer('trunk_a').trainable).toBe(false);
    expect(trunk.trainableWeights).toEqual([]);
    const z = input({ shape: [4] });
    const head = new Dense({ units: 2, name: 'new_head' });
    const tuned = new Model({ inputs: z, outputs: head.apply(trunk.apply(z)) });
    expect(tuned.trainableWeights.map((w) => w.name)).toEqual(['new_head/kernel', 'new_head/bias']);
    const before = trunk.getWeights().map((t) => t.toArray());
    const headBefore = head.getWeights()[0].toArray();
    tuned.compile({ optimizer: 'adam', loss: 'mse' });
    await tuned.fit(randomNormal([16, 4], { seed: 1 }), randomNormal([16, 2], { seed: 2 }), { epochs: 2, verbose: 0 });
    expect(trunk.getWeights().map((t) => t.toArray())).toEqual(before);
    expect(head.getWeights()[0].toArray()).not.toEqual(headBefore);
    trunk.trainable = true;
    expect(base.getLayer('trunk_a').trainableWeights.length).toBe(2);
  });

  it('a build() the user calls marks the layer built: apply keeps its weights', () => {
    const d = new Dense({ units: 2, useBias: false });
    d.build([1, 2]);
    expect(d.built).toBe(true);
    d.setWeights([tensor([[1, 0], [0, 1]])]);
    expect((d.apply(tensor([[3, 4]])) as Tensor).toArray()).toEqual([[3, 4]]);
    expect(d.weights.length).toBe(1);
  });

  it('fit runs an overridable trainStep', async () => {
    class Counting extends Sequential {
      steps = 0;
      override trainStep(batch: Parameters<Sequential['trainStep']>[0]) {
        this.steps++;
        return { ...super.trainStep(batch), extra: 1 };
      }
    }
    const m = new Counting({ layers: [new Dense({ units: 1, inputShape: [2] }), new Dropout({ rate: 0.1 })] });
    m.compile({ optimizer: 'sgd', loss: 'mse' });
    const h = await m.fit(randomNormal([10, 2]), randomNormal([10, 1]), { epochs: 2, batchSize: 4, verbose: 0, callbacks: { onEpochEnd: () => undefined } });
    expect(m.steps).toBe(6);
    expect(h.history.extra).toEqual([1, 1]);
  });

  it('summary() of a graph model has the Connected to column and counts shared weights once', () => {
    const a = input({ shape: [3], name: 'in_a' });
    const b = input({ shape: [3], name: 'in_b' });
    const shared = new Dense({ units: 2, name: 'shared' });
    const m = new Model({ name: 'siamese', inputs: [a, b], outputs: new Add({ name: 'sum' }).apply([shared.apply(a), shared.apply(b)]) as never });
    const text = m.summary({ printFn: () => {} });
    expect(text).toContain('Connected to');
    expect(text).toMatch(/│ sum \(Add\) +│ \(None, 2\) +│ +0 │ shared\[0\]\[0\] +│\n│ +│ +│ +│ shared\[1\]\[0\] +│/);
    expect(text).toMatch(/│ in_a \(InputLayer\) +│ \(None, 3\) +│ +0 │ - +│/);
    expect(text).toContain(' Total params: 8 (32.00 B)');
  });
});
