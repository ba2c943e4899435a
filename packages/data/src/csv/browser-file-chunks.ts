// Reading CSV files in a browser (the `browser` condition of the package's `#file-chunks` import): a page
// has no file system, so only URLs can be read.

/** Refuses: a page cannot read files by path. */
export async function* readFileChunks(_source: string | URL, name: string, _chunkSize: number): AsyncGenerator<Uint8Array> {
  throw new Error(`data.csv: reading the file ${name} needs Node's file system; here, pass an http(s):// URL`);
}
