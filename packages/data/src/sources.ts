import { Dataset } from './dataset.js';
import { describe, isRecord } from './element.js';
import { zipElements } from './transforms.js';

/** What `data.generator` accepts: a function returning a (sync or async) iterator or iterable. */
export type GeneratorSource<T> = () => Iterator<T> | Iterable<T> | AsyncIterator<T> | AsyncIterable<T> | Promise<Iterator<T> | AsyncIterator<T>>;

/**
 * A dataset over an in-memory array (the array is read on each pass, not copied).
 * @example data.array([{ xs: [1, 2], ys: 1 }, { xs: [3, 4], ys: 0 }])
 */
export function array<T>(items: readonly T[]): Dataset<T> {
  if (!Array.isArray(items)) throw new Error(`data.array: expected an array, got ${describe(items)}`);
  return new Dataset(async function* () {
    for (let i = 0; i < items.length; i++) yield items[i];
  }, items.length);
}

function toIterator<T>(made: unknown): Iterator<T> | AsyncIterator<T> {
  const m = made as Record<PropertyKey, unknown> | null;
  if (m && typeof m[Symbol.asyncIterator] === 'function') return (m[Symbol.asyncIterator] as () => AsyncIterator<T>)();
  if (m && typeof m[Symbol.iterator] === 'function') return (m[Symbol.iterator] as () => Iterator<T>)();
  if (m && typeof m.next === 'function') return m as unknown as Iterator<T>;
  throw new Error(`data.generator: the function must return an iterator or iterable (e.g. be a function* or async function*), got ${describe(made)}`);
}

/**
 * A dataset whose elements come from a generator function, called afresh for every pass (so the
 * dataset can be iterated once per epoch). An error thrown inside the generator is reported with the
 * index of the element being produced.
 * @example
 * const ds = data.generator(function* () { for (let i = 0; i < 100; i++) yield { xs: [i], ys: 2 * i }; });
 */
export function generator<T>(fn: GeneratorSource<T>): Dataset<T> {
  if (typeof fn !== 'function') throw new Error(`data.generator: expected a function returning an iterator, got ${describe(fn)}`);
  return new Dataset(async function* () {
    let index = 0;
    const wrap = (cause: unknown) => new Error(`data.generator: the generator threw at element ${index}: ${(cause as Error)?.message ?? cause}`, { cause });
    let it: Iterator<T> | AsyncIterator<T>;
    try {
      it = toIterator<T>(await fn());
    } catch (cause) {
      if ((cause as Error)?.message?.startsWith('data.generator:')) throw cause;
      throw wrap(cause);
    }
    let finished = false;
    try {
      while (true) {
        let r: IteratorResult<T>;
        try {
          r = await it.next();
        } catch (cause) {
          finished = true;
          throw wrap(cause);
        }
        if (r.done) {
          finished = true;
          return;
        }
        index++;
        yield r.value;
      }
    } finally {
      // closes the user's generator (runs its finally blocks) when the consumer stops early
      if (!finished) await it.return?.();
    }
  });
}

/**
 * Zips datasets element by element into arrays (`zip([a, b])`) or records (`zip({ xs: a, ys: b })`),
 * ending with the shortest. The usual way to pair separate feature and label datasets.
 * @example data.zip({ xs: data.array([[1, 2], [3, 4]]), ys: data.array([0, 1]) }).batch(2)
 */
export function zip<const T extends readonly Dataset<unknown>[] | Record<string, Dataset<unknown>>>(datasets: T): Dataset<{ [K in keyof T]: T[K] extends Dataset<infer E> ? E : never }> {
  const asArray = Array.isArray(datasets);
  if (!asArray && !isRecord(datasets)) throw new Error(`data.zip: expected an array or record of datasets, got ${describe(datasets)}`);
  const keys = asArray ? null : Object.keys(datasets);
  const list: unknown[] = asArray ? (datasets as unknown[]) : Object.values(datasets);
  list.forEach((d, i) => {
    if (!(d instanceof Dataset)) throw new Error(`data.zip: entry ${keys ? `'${keys[i]}'` : i} is ${describe(d)}, not a Dataset`);
  });
  if (list.length === 0) throw new Error('data.zip: expected at least one dataset, got none');
  const sources = list as Dataset<unknown>[];
  const sizes = sources.map((d) => d.size);
  const size = sizes.every((s) => s !== null) ? Math.min(...(sizes as number[])) : sizes.some((s) => s === 0) ? 0 : null;
  const assemble = keys ? (values: unknown[]) => Object.fromEntries(keys.map((k, i) => [k, values[i]])) : (values: unknown[]) => values;
  return new Dataset(() => zipElements(sources, assemble), size) as never;
}
