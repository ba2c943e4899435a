import { describe, expect, it } from 'vitest';
import { Tensor, setSeed, tensor } from '@rectify/core';
import { Dataset, data } from '../src/index.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('sources and transforms', () => {
  it('array, map, filter, take, skip are lazy and re-iterable', async () => {
    let calls = 0;
    const ds = data.array(range(10)).map((x) => (calls++, x * 10)).filter((x) => x % 20 === 0).skip(1).take(3);
    expect(calls).toBe(0);
    expect(await ds.toArray()).toEqual([20, 40, 60]);
    expect(await ds.toArray()).toEqual([20, 40, 60]);
    expect(data.array(range(10)).map((x) => x).size).toBe(10);
    expect(data.array(range(10)).skip(3).take(4).size).toBe(4);
  });

  it('take stops reading its source', async () => {
    let produced = 0;
    const ds = data.generator(function* () {
      for (let i = 0; ; i++) {
        produced++;
        yield i;
      }
    });
    expect(await ds.take(5).toArray()).toEqual([0, 1, 2, 3, 4]);
    expect(produced).toBe(5);
  });

  it('generator accepts sync and async generators and iterables, called afresh per pass', async () => {
    let passes = 0;
    const sync = data.generator(() => (passes++, [1, 2, 3]));
    expect(await sync.toArray()).toEqual([1, 2, 3]);
    expect(await sync.toArray()).toEqual([1, 2, 3]);
    expect(passes).toBe(2);
    const slow = data.generator(async function* () {
      for (let i = 0; i < 3; i++) {
        await new Promise((r) => setTimeout(r, 1));
        yield { xs: [i, i], ys: i };
      }
    });
    expect((await slow.toArray()).map((e) => e.ys)).toEqual([0, 1, 2]);
    expect(() => data.generator(42 as never)).toThrow(/data.generator: expected a function returning an iterator, got number 42/);
    await expect(data.generator(() => 5 as never).toArray()).rejects.toThrow(/must return an iterator or iterable.*got number 5/);
  });

  it('a generator that throws is reported with the element index', async () => {
    const ds = data.generator(function* () {
      yield 1;
      yield 2;
      throw new Error('disk on fire');
    });
    await expect(ds.toArray()).rejects.toThrow('data.generator: the generator threw at element 2: disk on fire');
    const failing = data.array([1, 2, 3]).map((x) => {
      if (x === 3) throw new Error('bad row');
      return x;
    });
    await expect(failing.toArray()).rejects.toThrow('Dataset.map: the function threw at element 2: bad row');
  });

  it('closes a generator consumer-side when iteration stops early', async () => {
    let closed = false;
    const ds = data.generator(function* () {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        closed = true;
      }
    });
    for await (const x of ds) if (x === 3) break;
    expect(closed).toBe(true);
  });

  it('repeat and zip', async () => {
    expect(await data.array([1, 2]).repeat(3).toArray()).toEqual([1, 2, 1, 2, 1, 2]);
    expect(data.array([1, 2]).repeat().size).toBe(Infinity);
    expect(await data.array([1, 2]).repeat().take(5).toArray()).toEqual([1, 2, 1, 2, 1]);
    expect(await data.array([]).repeat().toArray()).toEqual([]);
    // an empty source repeated forever ends instead of spinning
    expect(await data.generator(() => []).repeat().take(3).toArray()).toEqual([]);
    await expect(data.array([1]).repeat().toArray()).rejects.toThrow('Dataset.toArray: the dataset is infinite (repeat() without a count)');
    const z = data.zip([data.array([1, 2, 3]), data.array(['a', 'b'])]);
    expect(z.size).toBe(2);
    expect(await z.toArray()).toEqual([[1, 'a'], [2, 'b']]);
    const r = data.zip({ xs: data.array([[1, 2], [3, 4]]), ys: data.array([0, 1]) });
    expect(await r.toArray()).toEqual([{ xs: [1, 2], ys: 0 }, { xs: [3, 4], ys: 1 }]);
    expect(() => data.zip([data.array([1]), [1, 2] as never])).toThrow(/data.zip: entry 1 is an array of length 2, not a Dataset/);
  });

  it('forEachAsync and iterator()', async () => {
    const seen: number[] = [];
    await data.array([3, 4]).forEachAsync(async (x, i) => {
      await Promise.resolve();
      seen.push(x * 10 + i);
    });
    expect(seen).toEqual([30, 41]);
    const it = await data.array([7]).iterator();
    expect(await it.next()).toEqual({ value: 7, done: false });
    expect((await it.next()).done).toBe(true);
  });

  it('rejects bad arguments by name', () => {
    const ds = data.array([1]);
    expect(() => ds.batch(0)).toThrow('Dataset.batch: batchSize must be an integer >= 1, got 0');
    expect(() => ds.take(-1)).toThrow('Dataset.take: count must be an integer >= 0, got -1');
    expect(() => ds.shuffle(2.5)).toThrow('Dataset.shuffle: bufferSize must be an integer >= 1, got 2.5');
    expect(() => ds.map('x' as never)).toThrow('Dataset.map: expected a function, got string');
    expect(() => data.array('abc' as never)).toThrow(/data.array: expected an array, got the string "abc"/);
  });
});

describe('batch', () => {
  it('stacks numbers, vectors, tensors and records of them', async () => {
    const ds = data.array([
      { xs: [1, 2], ys: 0, t: tensor([[1], [2]]) },
      { xs: [3, 4], ys: 1, t: tensor([[3], [4]]) },
      { xs: [5, 6], ys: 0, t: tensor([[5], [6]]) },
    ]).batch(2);
    expect(ds.size).toBe(2);
    const [a, b] = await ds.toArray();
    expect(a.xs).toBeInstanceOf(Tensor);
    expect(a.xs.shape).toEqual([2, 2]);
    expect(a.xs.toArray()).toEqual([[1, 2], [3, 4]]);
    expect(a.ys.toArray()).toEqual([0, 1]);
    expect(a.t.shape).toEqual([2, 2, 1]);
    expect(b.xs.toArray()).toEqual([[5, 6]]);
    expect(await data.array([1, 2, 3]).batch(2, { dropRemainder: true }).toArray().then((bs) => bs.map((t) => t.toArray()))).toEqual([[1, 2]]);
    expect(data.array([1, 2, 3]).batch(2, { dropRemainder: true }).size).toBe(1);
  });

  it('batches tuples of tensors position by position and keeps float64', async () => {
    const x = tensor([1, 2], undefined, { dtype: 'float64' });
    const [batch] = await data.array([[x, tensor(0)], [x, tensor(1)]]).batch(2).toArray();
    expect(batch[0].shape).toEqual([2, 2]);
    expect(batch[0].dtype).toBe('float64');
    expect(batch[1].toArray()).toEqual([0, 1]);
    const [strings] = await data.array([{ name: 'a' }, { name: 'b' }]).batch(2).toArray();
    expect(strings.name).toEqual(['a', 'b']);
  });

  it('names the element and both shapes when a shape differs from the first', async () => {
    const ds = data.array([{ xs: [1, 2] }, { xs: [1, 2] }, { xs: [1, 2] }, { xs: [1, 2] }, { xs: [1, 2, 3] }]).batch(3);
    await expect(ds.toArray()).rejects.toThrow("batch: element 4 has shape [3] at 'xs' but element 3 (the first of its batch) has shape [2]");
    const tensors = data.array([tensor([1, 2]), tensor([[1, 2]])]).batch(2);
    await expect(tensors.toArray()).rejects.toThrow('batch: element 1 has shape [1,2] but element 0 (the first of its batch) has shape [2]');
    const kinds = data.array([{ a: 1 }, { b: 1 }]).batch(2);
    await expect(kinds.toArray()).rejects.toThrow("batch: element 1 is an object with keys {b} but element 0 (the first of its batch) is an object with keys {a}");
    await expect(data.array([[[1, 2], [3]]]).batch(1).toArray()).rejects.toThrow(/ragged nested array/);
  });
});

describe('shuffle', () => {
  it('is a permutation, seeded, and reshuffles reproducibly each pass', async () => {
    const ds = data.array(range(50)).shuffle(50, 7);
    const first = await ds.toArray();
    const second = await ds.toArray();
    expect([...first].sort((a, b) => a - b)).toEqual(range(50));
    expect(first).not.toEqual(range(50));
    expect(second).not.toEqual(first);
    const again = data.array(range(50)).shuffle(50, 7);
    expect(await again.toArray()).toEqual(first);
    expect(await again.toArray()).toEqual(second);
    const fixed = data.array(range(50)).shuffle(50, 7, false);
    expect(await fixed.toArray()).toEqual(await fixed.toArray());
  });

  it('without a seed follows setSeed', async () => {
    setSeed(3);
    const a = await data.array(range(20)).shuffle(20).toArray();
    setSeed(3);
    const b = await data.array(range(20)).shuffle(20).toArray();
    expect(a).toEqual(b);
  });

  it('a small buffer only mixes nearby elements', async () => {
    const out = await data.array(range(100)).shuffle(4, 1).toArray();
    expect([...out].sort((a, b) => a - b)).toEqual(range(100));
    // an element leaves the buffer at most bufferSize positions before its own index... and early ones go first
    out.forEach((v, i) => expect(v).toBeLessThanOrEqual(i + 4));
  });
});

describe('prefetch and cache', () => {
  it('prefetch requests elements ahead while the consumer works', async () => {
    let started = 0;
    const source = data.generator(async function* () {
      for (let i = 0; i < 6; i++) {
        started++;
        await new Promise((r) => setTimeout(r, 1));
        yield i;
      }
    });
    const seenAtFirst: number[] = [];
    const out: number[] = [];
    for await (const x of source.prefetch(3)) {
      if (x === 0) {
        // the consumer is slow: meanwhile the source keeps producing
        await new Promise((r) => setTimeout(r, 30));
        seenAtFirst.push(started);
      }
      out.push(x);
    }
    expect(out).toEqual(range(6));
    // element 0 was consumed; 3 more were requested ahead (and started) while the consumer slept
    expect(seenAtFirst[0]).toBeGreaterThanOrEqual(4);
    let plain = 0;
    const unbuffered = data.generator(function* () {
      for (let i = 0; i < 6; i++) (plain++, yield i);
    });
    for await (const x of unbuffered) if (x === 0) expect(plain).toBe(1);
  });

  it('prefetch passes a source error through in order', async () => {
    const ds = data.generator(function* () {
      yield 1;
      throw new Error('boom');
    }).prefetch(4);
    const got: number[] = [];
    await expect(ds.forEachAsync((x) => void got.push(x))).rejects.toThrow('data.generator: the generator threw at element 1: boom');
    expect(got).toEqual([1]);
  });

  it('cache replays the first complete pass and ignores partial ones', async () => {
    let reads = 0;
    const ds = data.generator(function* () {
      reads++;
      yield* [1, 2, 3];
    }).cache();
    expect(await ds.take(1).toArray()).toEqual([1]);
    expect(await ds.toArray()).toEqual([1, 2, 3]);
    expect(await ds.toArray()).toEqual([1, 2, 3]);
    expect(reads).toBe(2);
  });
});

describe('typing', () => {
  it('Dataset is async-iterable and keeps element types through batch', async () => {
    const ds: Dataset<{ xs: number[]; ys: number }> = data.array([{ xs: [1], ys: 2 }]);
    for await (const b of ds.batch(1)) {
      const xs: Tensor = b.xs;
      expect(xs.shape).toEqual([1, 1]);
    }
  });
});
