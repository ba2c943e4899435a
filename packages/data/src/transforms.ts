import type { Element } from './element.js';
import { stackElements } from './stack.js';

// Each transform is an async generator over its upstream: lazy, one element in flight unless buffered.

/** Applies `fn` to every element; an error thrown by `fn` names the element. */
export async function* mapElements<T, U>(upstream: AsyncIterable<T>, fn: (x: T, index: number) => U | Promise<U>): AsyncGenerator<U> {
  let index = 0;
  for await (const x of upstream) {
    let y: U;
    try {
      y = await fn(x, index);
    } catch (cause) {
      throw new Error(`Dataset.map: the function threw at element ${index}: ${(cause as Error)?.message ?? cause}`, { cause });
    }
    index++;
    yield y;
  }
}

/** Keeps the elements for which `predicate` is true. */
export async function* filterElements<T>(upstream: AsyncIterable<T>, predicate: (x: T, index: number) => boolean | Promise<boolean>): AsyncGenerator<T> {
  let index = 0;
  for await (const x of upstream) {
    let keep: boolean;
    try {
      keep = await predicate(x, index);
    } catch (cause) {
      throw new Error(`Dataset.filter: the predicate threw at element ${index}: ${(cause as Error)?.message ?? cause}`, { cause });
    }
    index++;
    if (keep) yield x;
  }
}

/** The first `count` elements; stops pulling from upstream (and closes it) once they are out. */
export async function* takeElements<T>(upstream: AsyncIterable<T>, count: number): AsyncGenerator<T> {
  if (count <= 0) return;
  let n = 0;
  for await (const x of upstream) {
    yield x;
    if (++n >= count) return;
  }
}

/** Everything after the first `count` elements. */
export async function* skipElements<T>(upstream: AsyncIterable<T>, count: number): AsyncGenerator<T> {
  let n = 0;
  for await (const x of upstream) {
    if (n++ < count) continue;
    yield x;
  }
}

/** `count` passes over upstream (forever when undefined), each one a fresh iteration. */
export async function* repeatElements<T>(upstream: AsyncIterable<T>, count: number | undefined): AsyncGenerator<T> {
  for (let pass = 0; count === undefined || pass < count; pass++) {
    let any = false;
    for await (const x of upstream) {
      any = true;
      yield x;
    }
    // an empty dataset repeated forever would spin without yielding
    if (!any) return;
  }
}

/** Groups consecutive elements into stacked batches of `size`. */
export async function* batchElements<T extends Element>(upstream: AsyncIterable<T>, size: number, dropRemainder: boolean): AsyncGenerator<Element> {
  let rows: T[] = [];
  let first = 0;
  for await (const x of upstream) {
    rows.push(x);
    if (rows.length === size) {
      yield stackElements(rows, first);
      first += size;
      rows = [];
    }
  }
  if (rows.length > 0 && !dropRemainder) yield stackElements(rows, first);
}

/** Elements of several iterables side by side, ending with the shortest. */
export async function* zipElements(sources: AsyncIterable<unknown>[], assemble: (values: unknown[]) => unknown): AsyncGenerator<unknown> {
  const iterators = sources.map((s) => s[Symbol.asyncIterator]());
  try {
    while (true) {
      const results = await Promise.all(iterators.map((it) => it.next()));
      if (results.some((r) => r.done)) return;
      yield assemble(results.map((r) => r.value));
    }
  } finally {
    await Promise.all(iterators.map((it) => it.return?.()));
  }
}
