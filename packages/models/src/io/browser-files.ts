import type { ModelJson } from './format.js';
import type { CheckedManifest } from './manifest.js';

// The model-file layer in a browser (the `browser` condition of the package's `#files` import): a page has
// no file system, so paths are refused with the schemes that work there.
const SCHEMES = "an https:// URL, 'indexeddb://name' or 'localstorage://name'";

/** Refuses: a page cannot read files by path. */
export async function readModelFiles(path: string): Promise<{ json: ModelJson; manifest: CheckedManifest; data: ArrayBuffer; file: string }> {
  throw new Error(`loadModel: cannot read the path ${JSON.stringify(path)} in a browser, which has no file system; load ${SCHEMES}, or artifacts read from a file input`);
}

/** Refuses: a page cannot write files by path. */
export function writeModelFiles(dir: string, _json: (shard: string) => ModelJson, _data: ArrayBuffer, _fs?: unknown): string {
  throw new Error(`saveModel: cannot write to the path ${JSON.stringify(dir)} in a browser, which has no file system; save to ${SCHEMES.replace('an https:// URL, ', '')} or 'downloads://name'`);
}
