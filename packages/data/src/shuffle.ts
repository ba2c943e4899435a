import type { Rng } from '@rectify/core';

/**
 * Buffer shuffle (tf.data's): fill a buffer of `bufferSize` elements, then for each new element emit a
 * random one from the buffer and put the new one in its place; drain the rest in random order at the end.
 * A buffer as large as the dataset gives a uniform permutation; a smaller one only mixes nearby elements.
 */
export async function* shuffleElements<T>(upstream: AsyncIterable<T>, bufferSize: number, rng: Rng): AsyncGenerator<T> {
  const buffer: T[] = [];
  for await (const x of upstream) {
    if (buffer.length < bufferSize) {
      buffer.push(x);
      continue;
    }
    const j = Math.floor(rng() * bufferSize);
    const out = buffer[j];
    buffer[j] = x;
    yield out;
  }
  while (buffer.length > 0) {
    const j = Math.floor(rng() * buffer.length);
    const out = buffer[j];
    // swap-remove keeps the drain O(1) per element
    buffer[j] = buffer[buffer.length - 1];
    buffer.pop();
    yield out;
  }
}
