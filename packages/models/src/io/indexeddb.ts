import { checkStoredModel, type ReadModel, type StoredModel } from './stored-model.js';

// The few IndexedDB types used (the package compiles without the DOM lib).
interface Request<T> {
  result: T;
  error: { message: string } | null;
  onsuccess: (() => void) | null;
  onerror: (() => void) | null;
}
interface OpenRequest extends Request<Database> {
  onupgradeneeded: (() => void) | null;
}
interface Database {
  objectStoreNames: { contains(name: string): boolean };
  createObjectStore(name: string): unknown;
  transaction(store: string, mode: 'readonly' | 'readwrite'): { objectStore(name: string): Store; oncomplete: (() => void) | null; onerror: (() => void) | null; error: { message: string } | null };
  close(): void;
}
interface Store {
  put(value: unknown, key: string): Request<unknown>;
  get(key: string): Request<unknown>;
}

const DATABASE = 'rectify-models';
const STORE = 'models';

function openDatabase(where: string, op: string): Promise<Database> {
  const factory = (globalThis as { indexedDB?: { open(name: string, version: number): OpenRequest } }).indexedDB;
  if (!factory) throw new Error(`${op}: cannot use ${where}: IndexedDB is not available here (it exists in browsers)`);
  return new Promise((resolve, reject) => {
    const request = factory.open(DATABASE, 1);
    request.onupgradeneeded = () => {
      if (!request.result.objectStoreNames.contains(STORE)) request.result.createObjectStore(STORE);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(new Error(`${op}: cannot open IndexedDB for ${where}: ${request.error?.message}`));
  });
}

/** Stores a model under `name` in the page's IndexedDB (database 'rectify-models'), replacing one saved before. */
export async function saveToIndexedDb(name: string, stored: StoredModel): Promise<void> {
  const where = `indexeddb://${name}`;
  const db = await openDatabase(where, 'saveModel');
  try {
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction(STORE, 'readwrite');
      tx.objectStore(STORE).put(stored, name);
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(new Error(`saveModel: writing ${where} failed: ${tx.error?.message}`));
    });
  } finally {
    db.close();
  }
}

/** Reads the model stored under `name` and checks it as a model file would be. */
export async function readFromIndexedDb(name: string): Promise<ReadModel> {
  const where = `indexeddb://${name}`;
  const db = await openDatabase(where, 'loadModel');
  let stored: unknown;
  try {
    stored = await new Promise((resolve, reject) => {
      const request = db.transaction(STORE, 'readonly').objectStore(STORE).get(name);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(new Error(`loadModel: reading ${where} failed: ${request.error?.message}`));
    });
  } finally {
    db.close();
  }
  if (stored === undefined) throw new Error(`loadModel: no model is saved as ${where}`);
  return checkStoredModel(stored, where);
}
