import type { ModelJson } from './format.js';
import { readModelUrl } from './http-load.js';
import { readFromIndexedDb, saveToIndexedDb } from './indexeddb.js';
import { readFromLocalStorage, saveToLocalStorage } from './local-storage.js';
import { triggerDownloads } from './downloads.js';
import type { ReadModel } from './stored-model.js';

const LOAD_SCHEMES = ['http://', 'https://', 'indexeddb://', 'localstorage://'];
const SAVE_SCHEMES = ['indexeddb://', 'localstorage://', 'downloads://'];
// The weights file named in a model.json kept in browser storage (it is stored beside the JSON, not as a file).
const STORED_SHARD = 'weights.bin';

/** The scheme of `target` ('https', 'indexeddb', …) when it is a URL, or null for a file path. */
export function urlScheme(target: string): string | null {
  const match = /^([a-z][a-z0-9+.-]*):\/\//i.exec(target);
  return match ? match[1].toLowerCase() : null;
}

function storedName(target: string, scheme: string, op: string): string {
  const name = target.slice(scheme.length + 3);
  if (name === '' || name.length > 1000) throw new Error(`${op}: ${JSON.stringify(target)} names no model; expected ${scheme}://<name> with a name of 1 to 1000 characters`);
  return name;
}

/** Reads a model from a URL: http(s) (fetch, weights relative to the JSON), indexeddb:// or localstorage://. */
export async function readModelFromUrl(target: string, scheme: string): Promise<ReadModel> {
  switch (scheme) {
    case 'http':
    case 'https':
      return readModelUrl(target);
    case 'indexeddb':
      return readFromIndexedDb(storedName(target, scheme, 'loadModel'));
    case 'localstorage':
      return readFromLocalStorage(storedName(target, scheme, 'loadModel'));
    default:
      throw new Error(`loadModel: cannot load ${JSON.stringify(target)}: the scheme '${scheme}://' is not one the loader reads (${LOAD_SCHEMES.join(', ')} or a file path)`);
  }
}

/**
 * Saves a model to a URL: indexeddb:// or localstorage:// (the model.json text and the weights, read back
 * by `loadModel` of the same URL) or downloads:// (offered as `<name>.json` and `<name>.weights.bin`).
 */
export async function saveModelToUrl(target: string, scheme: string, json: (shard: string) => ModelJson, weightData: ArrayBuffer): Promise<{ modelJson: string; weights: string }> {
  if (!SAVE_SCHEMES.includes(`${scheme}://`)) {
    throw new Error(`saveModel: cannot save to ${JSON.stringify(target)}: the scheme '${scheme}://' is not one saving writes to (${SAVE_SCHEMES.join(', ')} or a folder path)`);
  }
  const name = storedName(target, scheme, 'saveModel');
  if (scheme === 'downloads') {
    const shard = `${name.replace(/[\\/]/g, '_')}.weights.bin`;
    triggerDownloads(name, JSON.stringify(json(shard)), shard, weightData);
    return { modelJson: `${name}.json`, weights: shard };
  }
  const stored = { modelJson: JSON.stringify(json(STORED_SHARD)), weightData };
  if (scheme === 'indexeddb') await saveToIndexedDb(name, stored);
  else saveToLocalStorage(name, stored);
  return { modelJson: target, weights: target };
}
