/**
 * Replays the elements of the first complete pass from memory. A pass abandoned before the end is not
 * kept (the next pass reads upstream again), so `take()` after `cache()` never caches a partial dataset.
 */
export function cachedSource<T>(upstream: AsyncIterable<T>): () => AsyncGenerator<T> {
  let cached: T[] | null = null;
  return async function* () {
    if (cached) {
      yield* cached;
      return;
    }
    const collected: T[] = [];
    for await (const x of upstream) {
      collected.push(x);
      yield x;
    }
    cached ??= collected;
  };
}
