import { forkRng, rngFor } from '@rectify/core';
import type { Batched, Element } from './element.js';
import { batchElements, filterElements, mapElements, repeatElements, skipElements, takeElements } from './transforms.js';
import { shuffleElements } from './shuffle.js';
import { prefetchElements } from './prefetch.js';
import { cachedSource } from './cache.js';

/** Options of `Dataset.batch`. */
export interface BatchOptions {
  /** Drop the last batch when it has fewer than `batchSize` elements. Default false. */
  dropRemainder?: boolean;
}

function countArg(op: string, name: string, v: unknown, min: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
    throw new Error(`Dataset.${op}: ${name} must be an integer >= ${min}, got ${typeof v === 'number' ? v : typeof v}`);
  }
  return v;
}

function fnArg(op: string, fn: unknown): void {
  if (typeof fn !== 'function') throw new Error(`Dataset.${op}: expected a function, got ${fn === null ? 'null' : typeof fn}`);
}

/**
 * A lazy, re-iterable sequence of elements that need not fit in memory (TF.js `tf.data.Dataset`).
 * Transforms return new datasets and read nothing; each `for await` (or `iterator()`) starts a fresh
 * pass over the source.
 * @example
 * const ds = data.array([1, 2, 3, 4]).map((x) => x * 2).shuffle(4, 1).batch(2);
 * for await (const batch of ds) batch.print(); // tensors of shape [2]
 */
export class Dataset<T> implements AsyncIterable<T> {
  /**
   * @param startPass starts one pass over the elements
   * @param size the number of elements when known, Infinity for an endless dataset, null when unknown
   */
  constructor(
    private readonly startPass: () => AsyncIterable<T>,
    readonly size: number | null = null,
  ) {}

  /** Starts a pass over the elements: what `for await (const x of dataset)` calls. */
  [Symbol.asyncIterator](): AsyncIterator<T> {
    return this.startPass()[Symbol.asyncIterator]();
  }

  /** Starts a pass over the elements (TF.js's `iterator()`): call `next()` until `done`. */
  async iterator(): Promise<AsyncIterator<T>> {
    return this[Symbol.asyncIterator]();
  }

  /**
   * Applies `fn` (sync or async) to every element; `index` counts elements from the start of the pass.
   * @example data.csv('houses.csv').map(({ xs, ys }) => ({ xs: Object.values(xs), ys: Object.values(ys) }))
   */
  map<U>(fn: (element: T, index: number) => U | Promise<U>): Dataset<U> {
    fnArg('map', fn);
    return new Dataset(() => mapElements(this, fn), this.size);
  }

  /** Keeps the elements for which `predicate` returns true. @example data.array([-1, 2, -3, 4]).filter((x) => x > 0) */
  filter(predicate: (element: T, index: number) => boolean | Promise<boolean>): Dataset<T> {
    fnArg('filter', predicate);
    return new Dataset(() => filterElements(this, predicate), this.size === 0 ? 0 : null);
  }

  /**
   * Groups `batchSize` consecutive elements and stacks them: tensors, numbers and numeric arrays become
   * one tensor with a leading batch axis; arrays and records are batched field by field.
   * @example data.array([{ x: [1, 2], y: 0 }, { x: [3, 4], y: 1 }]).batch(2) // { x: Tensor [2, 2], y: Tensor [2] }
   */
  batch(batchSize: number, options: BatchOptions = {}): Dataset<Batched<T>> {
    countArg('batch', 'batchSize', batchSize, 1);
    const dropRemainder = options.dropRemainder ?? false;
    const n = this.size;
    const size = n === null || n === Infinity ? n : dropRemainder ? Math.floor(n / batchSize) : Math.ceil(n / batchSize);
    return new Dataset(() => batchElements(this as AsyncIterable<Element>, batchSize, dropRemainder), size) as unknown as Dataset<Batched<T>>;
  }

  /**
   * Shuffles through a buffer of `bufferSize` elements (use at least the dataset size for a uniform
   * shuffle). The order is reproducible: seeded by `seed`, or by the global generator (`setSeed`) when
   * omitted; with `reshuffleEachIteration` (default) every pass draws a new, still reproducible order.
   * @example data.array([1, 2, 3, 4, 5, 6]).shuffle(1000, 42).batch(2)
   */
  shuffle(bufferSize: number, seed?: number | string, reshuffleEachIteration = true): Dataset<T> {
    countArg('shuffle', 'bufferSize', bufferSize, 1);
    if (seed !== undefined && typeof seed !== 'number' && typeof seed !== 'string') throw new Error(`Dataset.shuffle: seed must be a number or string, got ${typeof seed}`);
    const base = seed ?? String(forkRng()());
    let pass = 0;
    return new Dataset(() => shuffleElements(this, bufferSize, rngFor(reshuffleEachIteration ? `${base}/${pass++}` : String(base))), this.size);
  }

  /** The first `count` elements. @example data.array([1, 2, 3]).take(2) */
  take(count: number): Dataset<T> {
    countArg('take', 'count', count, 0);
    return new Dataset(() => takeElements(this, count), this.size === null ? null : Math.min(this.size, count));
  }

  /** All but the first `count` elements. @example data.array([1, 2, 3]).skip(1) */
  skip(count: number): Dataset<T> {
    countArg('skip', 'count', count, 0);
    return new Dataset(() => skipElements(this, count), this.size === null ? null : this.size === Infinity ? Infinity : Math.max(0, this.size - count));
  }

  /**
   * Repeats the dataset `count` times, forever when omitted (then give `fit` a `stepsPerEpoch`).
   * @example data.array([1, 2]).repeat(3)
   */
  repeat(count?: number): Dataset<T> {
    if (count !== undefined) countArg('repeat', 'count', count, 0);
    const n = this.size;
    const size = n === 0 || count === 0 ? 0 : n === null ? (count === undefined ? Infinity : null) : count === undefined ? Infinity : n * count;
    return new Dataset(() => repeatElements(this, count), size);
  }

  /**
   * Requests up to `bufferSize` elements ahead of the consumer, overlapping a slow asynchronous source
   * with the work done on each element.
   * @example data.csv('big.csv').batch(256).prefetch(2)
   */
  prefetch(bufferSize: number): Dataset<T> {
    countArg('prefetch', 'bufferSize', bufferSize, 1);
    return new Dataset(() => prefetchElements(this, bufferSize), this.size);
  }

  /** Keeps the elements of the first complete pass in memory and replays them afterwards. @example data.array([1, 2, 3]).map((x) => x * 2).cache() */
  cache(): Dataset<T> {
    return new Dataset(cachedSource(this), this.size);
  }

  /** Reads every element into an array (the dataset must be finite and fit in memory). */
  async toArray(): Promise<T[]> {
    if (this.size === Infinity) throw new Error('Dataset.toArray: the dataset is infinite (repeat() without a count); take() a finite number of elements first');
    const out: T[] = [];
    for await (const x of this) out.push(x);
    return out;
  }

  /** Calls `fn` on every element in order, awaiting it when it returns a promise. */
  async forEachAsync(fn: (element: T, index: number) => void | Promise<void>): Promise<void> {
    fnArg('forEachAsync', fn);
    if (this.size === Infinity) throw new Error('Dataset.forEachAsync: the dataset is infinite (repeat() without a count); take() a finite number of elements first');
    let index = 0;
    for await (const x of this) await fn(x, index++);
  }
}
