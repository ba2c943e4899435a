/**
 * Keeps up to `depth` elements requested ahead of the consumer, so a slow asynchronous source (file
 * reads, network, a generator awaiting I/O) keeps working while the consumer trains on the current one.
 */
export async function* prefetchElements<T>(upstream: AsyncIterable<T>, depth: number): AsyncGenerator<T> {
  const it = upstream[Symbol.asyncIterator]();
  const pending: Array<Promise<IteratorResult<T>>> = [];
  let ended = false;
  const request = () => {
    const p = it.next();
    // a rejection is rethrown when its turn comes; until then it must not count as unhandled
    p.catch(() => undefined);
    pending.push(p);
  };
  try {
    while (true) {
      while (!ended && pending.length < depth) request();
      const result = await pending.shift()!;
      if (result.done) {
        ended = true;
        return;
      }
      // refill before handing the element over, so `depth` requests stay in flight while the consumer works
      while (pending.length < depth) request();
      yield result.value;
    }
  } finally {
    if (!ended) await it.return?.();
  }
}
