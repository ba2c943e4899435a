import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomNormal, setSeed } from '@rectify/core';
import { Dense } from '@rectify/layers';
import { Sequential, loadModel, saveModel } from '../../src/index.js';
import { serveStatic, type StaticServer } from '../../../../tools/static-server.js';

let root: string;
let server: StaticServer;
let model: Sequential;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'rectify-http-'));
  setSeed(7);
  model = new Sequential({ layers: [new Dense({ units: 5, activation: 'relu', inputShape: [4] }), new Dense({ units: 3 })] });
  await saveModel(model, join(root, 'good'));
  // the same model with its weights cut short, padded, and model.json replaced by a web page
  for (const [dir, edit] of [['truncated', (b: Buffer) => b.subarray(0, b.length - 4)], ['padded', (b: Buffer) => Buffer.concat([b, Buffer.alloc(8)])]] as const) {
    await saveModel(model, join(root, dir));
    const shard = readdirSync(join(root, dir)).find((f) => f.endsWith('.bin'))!;
    writeFileSync(join(root, dir, shard), edit(readFileSync(join(root, dir, shard))));
  }
  await saveModel(model, join(root, 'html'));
  writeFileSync(join(root, 'html', 'model.json'), '<!doctype html><title>Not a model</title>');
  server = await serveStatic(root);
});

afterAll(() => server?.close());

describe('loadModel over http', () => {
  it('loads model.json and its weights (resolved relative to it) and predicts as the saved model', async () => {
    const loaded = await loadModel(`${server.url}/good/model.json`);
    const x = randomNormal([6, 4]);
    expect(Array.from(loaded.predict(x).values)).toEqual(Array.from(model.predict(x).values));
  });

  it('refuses a truncated weights file', async () => {
    await expect(loadModel(`${server.url}/truncated/model.json`)).rejects.toThrow(/loadModel: the weights hold \d+ bytes but the manifest describes \d+ \(truncated\)/);
  });

  it('refuses a weights file with extra data', async () => {
    await expect(loadModel(`${server.url}/padded/model.json`)).rejects.toThrow(/loadModel: .*extra data/);
  });

  it('reports a 404 with the URL and status', async () => {
    await expect(loadModel(`${server.url}/missing/model.json`)).rejects.toThrow(`loadModel: fetching model file ${server.url}/missing/model.json answered 404 Not Found`);
  });

  it('refuses a response that is not model JSON', async () => {
    await expect(loadModel(`${server.url}/html/model.json`)).rejects.toThrow(/loadModel: .*html\/model\.json is not valid model JSON/);
  });
});

describe('URL schemes in Node', () => {
  it('refuses browser storage with the reason', async () => {
    await expect(loadModel('indexeddb://m')).rejects.toThrow('loadModel: cannot use indexeddb://m: IndexedDB is not available here');
    await expect(saveModel(model, 'localstorage://m')).rejects.toThrow('saveModel: cannot use localstorage://m: localStorage is not available here');
    await expect(saveModel(model, 'downloads://m')).rejects.toThrow('saveModel: cannot save to downloads://m: downloads need a browser page');
  });

  it('refuses unknown schemes and schemes that do not apply, naming the ones that do', async () => {
    await expect(loadModel('ftp://host/model.json')).rejects.toThrow(/loadModel: cannot load "ftp:\/\/host\/model.json": the scheme 'ftp:\/\/' is not one the loader reads \(http:\/\/, https:\/\/, indexeddb:\/\/, localstorage:\/\/ or a file path\)/);
    await expect(saveModel(model, `${server.url}/x`)).rejects.toThrow(/saveModel: cannot save to .*: the scheme 'http:\/\/' is not one saving writes to/);
    await expect(saveModel(model, 'indexeddb://')).rejects.toThrow('saveModel: "indexeddb://" names no model');
  });
});
