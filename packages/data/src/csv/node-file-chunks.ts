import { createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Reading CSV files on Node (the `node` condition of the package's `#file-chunks` import).

/** Streams a file (a path or a `file://` URL) in chunks of about `chunkSize` bytes. */
export async function* readFileChunks(source: string | URL, name: string, chunkSize: number): AsyncGenerator<Uint8Array> {
  const path = source instanceof URL || source.startsWith('file://') ? fileURLToPath(source) : source;
  const stream = createReadStream(path, { highWaterMark: chunkSize });
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } catch (cause) {
    throw new Error(`data.csv: cannot read ${name}: ${(cause as Error)?.message ?? cause}`, { cause });
  } finally {
    stream.destroy();
  }
}
