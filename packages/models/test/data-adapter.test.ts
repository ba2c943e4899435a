import { describe, expect, it } from 'vitest';
import { Tensor, arange, randomNormal, setSeed, tensor } from '@rectify/core';
import { Dense } from '@rectify/layers';
import { Sequential, createDataAdapter, losses, type DataAdapter, type DatasetLike, type TrainingBatch } from '../src/index.js';

const column = (n: number) => arange(n).reshape([n, 1]);
const values = (t: unknown) => Array.from((t as Tensor).dataSync());

async function epochs(adapter: DataAdapter, count: number): Promise<TrainingBatch[][]> {
  const out: TrainingBatch[][] = [];
  for (let e = 0; e < count; e++) {
    const batches: TrainingBatch[] = [];
    for await (const b of adapter.epoch()) batches.push(b);
    out.push(batches);
  }
  return out;
}

/** The y batches the current fit loop trains on, read through a recording loss. */
async function fitOrder(n: number, options: { seed?: number; shuffle?: boolean; batchSize: number; epochs: number }, globalSeed?: number): Promise<number[][]> {
  if (globalSeed !== undefined) setSeed(globalSeed);
  const model = new Sequential({ layers: [new Dense({ units: 1, inputShape: [2] })] });
  const seen: number[][] = [];
  model.compile({ optimizer: 'sgd', loss: (yt: Tensor, yp: Tensor) => (seen.push(values(yt)), losses.meanSquaredError(yt, yp)) });
  await model.fit(randomNormal([n, 2], { seed: 1 }), column(n), { ...options, verbose: 0 });
  return seen;
}

describe('createDataAdapter: in-memory tensors', () => {
  it('reproduces the fit loop batching order for a seed', async () => {
    const opts = { seed: 7, batchSize: 5, epochs: 3 };
    const expected = await fitOrder(23, opts);
    const adapter = createDataAdapter(randomNormal([23, 2], { seed: 1 }), column(23), { seed: 7, batchSize: 5 });
    expect(adapter.steps).toBe(5);
    expect(adapter.samples).toBe(23);
    const got = (await epochs(adapter, 3)).flat().map((b) => values(b.y));
    expect(got).toEqual(expected);
    expect(new Set(got.slice(0, 5).flat()).size).toBe(23);
    expect(got[0]).not.toEqual([0, 1, 2, 3, 4]);
  });

  it('reproduces the fit loop under setSeed (global generator) and without shuffling', async () => {
    const expected = await fitOrder(12, { batchSize: 4, epochs: 2 }, 11);
    setSeed(11);
    new Sequential({ layers: [new Dense({ units: 1, inputShape: [2] })] }); // the same draws for the initial weights
    const got = (await epochs(createDataAdapter(randomNormal([12, 2], { seed: 1 }), column(12), { batchSize: 4 }), 2)).flat().map((b) => values(b.y));
    expect(got).toEqual(expected);
    const plain = await epochs(createDataAdapter(column(5), column(5), { batchSize: 2, shuffle: false }), 1);
    expect(plain[0].map((b) => values(b.x))).toEqual([[0, 1], [2, 3], [4]]);
  });

  it('keeps array and record structures and moves sample weights with their rows', async () => {
    const x = { a: column(6), b: column(6).mul(10) };
    const adapter = createDataAdapter(x, [column(6), column(6).mul(-1)], { batchSize: 4, seed: 3, sampleWeight: arange(6) });
    const [[first]] = await epochs(adapter, 1);
    const rows = values((first.x as Record<string, Tensor>).a);
    expect(values((first.x as Record<string, Tensor>).b)).toEqual(rows.map((r) => r * 10));
    expect(values((first.y as Tensor[])[1])).toEqual(rows.map((r) => -r));
    expect(values(first.sampleWeight)).toEqual(rows);
  });

  it('turns class weights into per-sample weights (integer, one-hot and binary labels), times sample weights', async () => {
    const labels = tensor([0, 1, 2, 1]);
    const [[b]] = await epochs(createDataAdapter(column(4), labels, { shuffle: false, batchSize: 4, classWeight: { 0: 1, 1: 5 } }), 1);
    expect(values(b.sampleWeight)).toEqual([1, 5, 1, 5]); // class 2 is not listed: weight 1, as in Keras
    const oneHot = tensor([[0.1, 0.9], [0.8, 0.2], [0, 1], [1, 0]]);
    const [[c]] = await epochs(createDataAdapter(column(4), oneHot, { shuffle: false, batchSize: 4, classWeight: [2, 3], sampleWeight: tensor([1, 2, 3, 4]) }), 1);
    expect(values(c.sampleWeight)).toEqual([3, 4, 9, 8]);
    const binary = tensor([[1], [0], [0.9]]);
    const [[d]] = await epochs(createDataAdapter(column(3), binary, { shuffle: false, batchSize: 3, classWeight: [1, 4] }), 1);
    expect(values(d.sampleWeight)).toEqual([4, 1, 4]);
  });

  it('runs stepsPerEpoch batches per epoch, continuing and reshuffling across passes', async () => {
    const adapter = createDataAdapter(column(6), column(6), { batchSize: 2, seed: 5, stepsPerEpoch: 2 });
    expect(adapter.steps).toBe(2);
    const got = (await epochs(adapter, 3)).map((e) => e.map((b) => values(b.y)));
    expect(got.map((e) => e.length)).toEqual([2, 2, 2]);
    // epochs 1 and 2 start where the previous one stopped; one pass covers every sample once
    const firstPass = [...got[0], got[1][0]].flat();
    expect([...firstPass].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(adapter.exhausted).toBe(false);
  });

  it('rejects bad input by name', () => {
    expect(() => createDataAdapter(column(4), column(3))).toThrow('fit: x and y must have the same number of samples, got 4 and 3');
    expect(() => createDataAdapter({ a: column(4), b: column(5) }, column(4))).toThrow('fit: x.a has 4 samples but x.b has 5 (shape [5,1])');
    expect(() => createDataAdapter(column(4), column(4), { batchSize: 0 })).toThrow('fit: batchSize must be a positive integer, got 0');
    expect(() => createDataAdapter(column(4), column(4), { sampleWeight: tensor([1, 2]) })).toThrow('fit: sampleWeight must be a Tensor of shape [4] or [4, 1] (one weight per sample), got a Tensor of shape [2]');
    expect(() => createDataAdapter(column(4), [column(4), column(4)], { classWeight: [1, 2] })).toThrow(/classWeight needs a single target tensor/);
    expect(() => createDataAdapter(column(4), column(4), { classWeight: { '-1': 2 } })).toThrow("fit: classWeight key '-1' is not a class index");
    expect(() => createDataAdapter(column(4), column(4), { epochs: 2 } as never)).toThrow(/fit: unknown data option 'epochs'/);
    expect(() => createDataAdapter(column(4), undefined, { op: 'evaluate' })).toThrow('evaluate: y is required with in-memory x (shape [4,1])');
    expect(() => createDataAdapter([1, 2] as never, column(2))).toThrow('fit: x must be a Tensor, an array of Tensors or a record of Tensors, got an array of length 2 of numbers');
  });
});

/** A dataset as `@rectify/data` makes them: async-iterable, a fresh pass per iteration, with a size. */
function dataset<T>(make: () => Iterable<T>, size: number | null): DatasetLike & { passes: number } {
  const ds = {
    passes: 0,
    size,
    async *[Symbol.asyncIterator]() {
      ds.passes++;
      yield* make();
    },
  };
  return ds;
}

describe('createDataAdapter: datasets of batches', () => {
  const batchesOf = (count: number) => Array.from({ length: count }, (_, i) => ({ xs: tensor([[i], [i]]), ys: tensor([[i], [-i]]) }));

  it('reads { xs, ys }, [x, y] and [x, y, sampleWeight] elements, one full pass per epoch', async () => {
    const ds = dataset(() => batchesOf(3), 3);
    const adapter = createDataAdapter(ds);
    expect(adapter.steps).toBe(3);
    const got = await epochs(adapter, 2);
    expect(got.map((e) => e.map((b) => values(b.y)))).toEqual([[[0, -0], [1, -1], [2, -2]], [[0, -0], [1, -1], [2, -2]]]);
    expect(ds.passes).toBe(2);
    const tuples = dataset(() => [[tensor([[1]]), tensor([[2]])], [tensor([[3]]), tensor([[4]]), tensor([0.5])]], null);
    const [[a, b]] = await epochs(createDataAdapter(tuples, undefined, { classWeight: { 4: 3 } }), 1);
    expect(values(a.x)).toEqual([1]);
    expect(values(a.sampleWeight)).toEqual([1]);
    expect(values(b.sampleWeight)).toEqual([1.5]);
    expect(createDataAdapter(tuples).steps).toBe(null);
  });

  it('with stepsPerEpoch continues one iterator across epochs and flags data that runs out', async () => {
    const unknown = dataset(() => batchesOf(5), null);
    const adapter = createDataAdapter(unknown, undefined, { stepsPerEpoch: 2 });
    const got = (await epochs(adapter, 3)).map((e) => e.map((b) => values(b.x)[0]));
    expect(got).toEqual([[0, 1], [2, 3], [4]]);
    expect(adapter.exhausted).toBe(true);
    expect(unknown.passes).toBe(1);
    // a dataset of known size starts a new pass instead (Keras restarts finite data)
    const known = dataset(() => batchesOf(3), 3);
    const again = createDataAdapter(known, undefined, { stepsPerEpoch: 2 });
    expect((await epochs(again, 3)).map((e) => e.map((b) => values(b.x)[0]))).toEqual([[0, 1], [2, 0], [1, 2]]);
    expect(again.exhausted).toBe(false);
  });

  it('closes the open iterator', async () => {
    let closed = false;
    const ds: DatasetLike = {
      size: Infinity,
      async *[Symbol.asyncIterator]() {
        try {
          for (let i = 0; ; i++) yield { xs: tensor([[i]]), ys: tensor([[i]]) };
        } finally {
          closed = true;
        }
      },
    };
    expect(() => createDataAdapter(ds)).toThrow('fit: the dataset is infinite (repeat() without a count); pass stepsPerEpoch to say how many batches make an epoch');
    const adapter = createDataAdapter(ds, undefined, { stepsPerEpoch: 3 });
    await epochs(adapter, 2);
    expect(closed).toBe(false);
    await adapter.close();
    expect(closed).toBe(true);
  });

  it('names the element when it is not a batch of tensors', async () => {
    const fail = async (elements: unknown[]) => epochs(createDataAdapter(dataset(() => elements, null)), 1);
    await expect(fail([{ xs: tensor([[1]]), ys: tensor([[1]]) }, { xs: [1, 2], ys: 3 }])).rejects.toThrow('fit: dataset element 1: xs must be a Tensor, an array of Tensors or a record of Tensors, got an array of length 2 of numbers (batch() the dataset so elements hold tensors)');
    await expect(fail([{ xs: tensor([[1], [2]]), ys: tensor([[1]]) }])).rejects.toThrow('fit: dataset element 0 has 2 samples in xs but 1 in ys');
    await expect(fail([{ x: tensor([[1]]), y: tensor([[1]]) }])).rejects.toThrow('fit: dataset element 0 must be { xs, ys }, [x, y] or [x, y, sampleWeight] of batched tensors, got an object with keys {x, y}');
    await expect(fail([[tensor([[1]]), tensor([[1]]), tensor([1, 2])]])).rejects.toThrow('fit: dataset element 0: sampleWeight must be a Tensor of shape [1] or [1, 1], got shape [2]');
    expect(() => createDataAdapter(dataset(() => [], 0))).toThrow('fit: the dataset is empty');
    expect(() => createDataAdapter(dataset(() => [], null), undefined, { batchSize: 8 })).toThrow(/fit: option 'batchSize' applies to tensors only/);
    expect(() => createDataAdapter(dataset(() => [], null), column(2))).toThrow(/fit: got a dataset and a separate y/);
  });
});
