import { checkStoredModel, type ReadModel, type StoredModel } from './stored-model.js';

interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const key = (name: string, part: string) => `rectify/${name}/${part}`;

function storage(where: string, op: string): KeyValueStorage {
  const store = (globalThis as { localStorage?: KeyValueStorage }).localStorage;
  if (!store) throw new Error(`${op}: cannot use ${where}: localStorage is not available here (it exists in browser pages)`);
  return store;
}

// localStorage holds strings only: the weights go in base64, in chunks so no argument list gets too long.
function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

function fromBase64(text: string, where: string): ArrayBuffer {
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    throw new Error(`loadModel: the weights of ${where} are not valid base64`);
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes.buffer;
}

/** Stores a model under `name` in localStorage (keys `rectify/<name>/…`); it must fit the origin's quota (about 5 MB). */
export function saveToLocalStorage(name: string, stored: StoredModel): void {
  const where = `localstorage://${name}`;
  const store = storage(where, 'saveModel');
  try {
    store.setItem(key(name, 'weights'), toBase64(new Uint8Array(stored.weightData)));
    store.setItem(key(name, 'model.json'), stored.modelJson);
  } catch (e) {
    throw new Error(`saveModel: ${where} could not be written (${(e as Error).message}); localStorage holds a few MB per origin, so save larger models to indexeddb://`);
  }
}

/** Reads the model stored under `name` and checks it as a model file would be. */
export function readFromLocalStorage(name: string): ReadModel {
  const where = `localstorage://${name}`;
  const store = storage(where, 'loadModel');
  const modelJson = store.getItem(key(name, 'model.json'));
  const weights = store.getItem(key(name, 'weights'));
  if (modelJson === null || weights === null) throw new Error(`loadModel: no model is saved as ${where}`);
  return checkStoredModel({ modelJson, weightData: fromBase64(weights, where) }, where);
}
