import { readFileChunks } from '#file-chunks';

/** Where CSV text comes from: a file path, a `file://` URL, or an `http(s)://` URL. */
export type CsvSource = string | URL;

/** A readable name for messages. */
export function sourceName(source: CsvSource): string {
  return source instanceof URL ? source.href : source;
}

function isHttp(source: CsvSource): boolean {
  return source instanceof URL ? /^https?:$/.test(source.protocol) : /^https?:\/\//i.test(source);
}

/**
 * Streams the bytes of a file or URL in chunks of about `chunkSize`; the whole file is never read at
 * once. Stopping early (break, take()) closes the file.
 */
export async function* readChunks(source: CsvSource, chunkSize = 1 << 16): AsyncGenerator<Uint8Array> {
  const name = sourceName(source);
  if (isHttp(source)) {
    const response = await fetch(source).catch((cause) => {
      throw new Error(`data.csv: cannot fetch ${name}: ${cause?.message ?? cause}`, { cause });
    });
    if (!response.ok || !response.body) throw new Error(`data.csv: fetching ${name} failed with HTTP ${response.status} ${response.statusText}`);
    yield* response.body as unknown as AsyncIterable<Uint8Array>;
    return;
  }
  yield* readFileChunks(source, name, chunkSize);
}
