import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as rectify from '@rectify/rectify';
import { bundleForBrowser } from './bundle.js';
import { launchChromium, type Chromium } from './chromium.js';
import { opDifferences } from './compare.js';
import { opResults, type OpResult } from './op-results.js';
import type { OpsRun } from './pages/ops-entry.js';
import { seededTraining } from './training-run.js';
import { serveStatic, type StaticServer } from '../../tools/static-server.js';

// The library in a real headless Chromium, against the same computations in this Node process: the
// op table on each backend (js; wasm on one thread; wasm split over Web Workers in a cross-origin
// isolated page), a seeded training run, and model I/O by URL.

let root: string;
let isolated: StaticServer;
let plain: StaticServer;
let browser: Chromium;
let nodeOps: OpResult[];
const pageErrors: string[] = [];

const input = () => rectify.tensor(Array.from({ length: 12 }, (_, i) => Math.sin(i + 0.5)), [3, 4]);

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'rectify-browser-'));
  const launching = launchChromium();
  await bundleForBrowser({ ops: 'test/browser/pages/ops-entry.ts', model: 'test/browser/pages/model-entry.ts' }, root);
  writeFileSync(join(root, 'ops.html'), '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>ops</title><script type="module" src="./ops.js"></script>');
  writeFileSync(join(root, 'model.html'), '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>model</title><script type="module" src="./model.js"></script>');
  // a model for loading over http, and the same with its weights cut short
  rectify.setSeed(9);
  const served = new rectify.Sequential({ layers: [new rectify.Dense({ units: 5, activation: 'relu', inputShape: [4] }), new rectify.Dense({ units: 3 })] });
  await rectify.saveModel(served, join(root, 'models/good'));
  await rectify.saveModel(served, join(root, 'models/truncated'));
  const shard = readdirSync(join(root, 'models/truncated')).find((f) => f.endsWith('.bin'))!;
  writeFileSync(join(root, 'models/truncated', shard), readFileSync(join(root, 'models/truncated', shard)).subarray(0, 8));
  [isolated, plain] = await Promise.all([serveStatic(root, { isolated: true }), serveStatic(root)]);
  browser = await launching;
  const backend = rectify.getBackendName();
  rectify.setBackend('js');
  nodeOps = opResults();
  rectify.setBackend(backend);
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([isolated?.close(), plain?.close()]);
  if (root) rmSync(root, { recursive: true, force: true });
});

async function open(server: StaticServer, page: 'ops' | 'model', query = ''): Promise<Page> {
  const tab = await browser.context.newPage();
  tab.on('pageerror', (e) => pageErrors.push(`${page}: ${e.message}`));
  tab.on('console', (m) => m.type() === 'error' && !m.location().url.endsWith('no-such-kernels.wasm') && pageErrors.push(`${page}: ${m.text()}`));
  await tab.goto(`${server.url}/${page}.html${query}`);
  await tab.waitForFunction((name) => name in globalThis, page === 'ops' ? 'rectifyOps' : 'rectifyModel');
  return tab;
}

describe('in Chromium', () => {
  it('runs the op table on the js backend with the results of Node', async () => {
    const tab = await open(plain, 'ops');
    const run = (await tab.evaluate(() => (globalThis as any).rectifyOps.run('js', 1))) as OpsRun;
    expect(run.backend).toBe('js');
    expect(opDifferences(run.results, nodeOps)).toEqual([]);
    await tab.close();
  });

  it('loads the wasm kernels asynchronously: js before ready(), wasm on one thread after it when the page is not isolated', async () => {
    const tab = await open(plain, 'ops');
    const run = (await tab.evaluate(() => (globalThis as any).rectifyOps.run('wasm', 1))) as OpsRun;
    expect({ isolated: run.isolated, before: run.backendBeforeReady, after: run.backend, threads: run.threads }).toEqual({ isolated: false, before: 'js', after: 'wasm', threads: 1 });
    expect(opDifferences(run.results, nodeOps)).toEqual([]);
    await tab.close();
  });

  it('runs the wasm kernels on unshared memory where a browser gives no shared memory', async () => {
    const tab = await open(plain, 'ops', '?noshared');
    const run = (await tab.evaluate(() => (globalThis as any).rectifyOps.run('wasm', 1))) as OpsRun;
    expect({ backend: run.backend, threads: run.threads }).toEqual({ backend: 'wasm', threads: 1 });
    expect(opDifferences(run.results, nodeOps)).toEqual([]);
    const message = await tab.evaluate(() => (globalThis as any).rectifyOps.threadsOnMainThread());
    expect(message).toBe('setNumThreads: cannot use 2 threads: WebAssembly memory cannot be shared here (browsers may allow it only in cross-origin isolated pages)');
    await tab.close();
  });

  it('refuses, with what to do, when the kernels cannot be fetched (and keeps computing on js)', async () => {
    const tab = await open(plain, 'ops');
    const run = await tab.evaluate(() => (globalThis as any).rectifyOps.missingKernels());
    expect(run).toEqual({ message: `ready: could not load the wasm kernels (fetching the wasm kernels from ${plain.url}/no-such-kernels.wasm failed: 404 Not Found); serve packages/core/wasm/kernels.wasm with the page and call setWasmUrl(url) with its URL, or setBackend('js')`, backend: 'js' });
    await tab.close();
  });

  it('splits wasm kernels over Web Workers inside a worker of a cross-origin isolated page, with the results of Node', async () => {
    const tab = await open(isolated, 'ops');
    const run = (await tab.evaluate(() => (globalThis as any).rectifyOps.inWorker('wasm', 2))) as OpsRun;
    expect({ isolated: run.isolated, inWorker: run.inWorker, backend: run.backend, threads: run.threads }).toEqual({ isolated: true, inWorker: true, backend: 'wasm', threads: 2 });
    expect(run.workerShares).toBeGreaterThan(0);
    expect(opDifferences(run.results, nodeOps)).toEqual([]);
    await tab.close();
  });

  it('keeps the main thread out of Atomics.wait: one thread there, and setNumThreads says why', async () => {
    const tab = await open(isolated, 'ops');
    const message = await tab.evaluate(() => (globalThis as any).rectifyOps.threadsOnMainThread());
    expect(message).toBe("setNumThreads: cannot use 2 threads: the page's main thread may not block in Atomics.wait; run Rectify in a Web Worker to use threads");
    await tab.close();
    const worker = await open(plain, 'ops');
    const message2 = await worker.evaluate(() => (globalThis as any).rectifyOps.inWorker('wasm', 2));
    expect(message2).toEqual({ error: 'setNumThreads: cannot use 2 threads: the page is not cross-origin isolated (COOP/COEP headers), so wasm memory cannot be shared with workers' });
    await worker.close();
  });

  it('trains a seeded model to the loss history of Node, through the package as a bundler resolves it', async () => {
    const tab = await open(plain, 'model');
    const run = await tab.evaluate(() => (globalThis as any).rectifyModel.train());
    const want = await seededTraining(rectify);
    expect({ before: run.backendBeforeReady, after: run.backend }).toEqual({ before: 'js', after: 'wasm' });
    expect(run.loss).toHaveLength(want.length);
    run.loss.forEach((l: number, i: number) => expect(Math.abs(l - want[i])).toBeLessThanOrEqual(1e-5 * Math.max(1, want[i])));
    expect(want[want.length - 1]).toBeLessThan(want[0]);
    // ProgressReport: reports during each epoch and one at each end
    expect(run.progress.filter((p: { epochEnd: boolean }) => p.epochEnd).map((p: { epoch: number }) => p.epoch)).toEqual([0, 1]);
    expect(run.progress.length).toBeGreaterThan(2);
    // verbose 1 (the default) in a page: whole lines to the console, one per epoch
    expect(run.lines).toHaveLength(4);
    expect(run.lines[0]).toBe('Epoch 1/2');
    expect(run.lines[1]).toMatch(/^1\/1 \d+ms \d+(ms|us)\/step - loss: \d/);
    await tab.close();
  });

  it('loads over http, refuses a truncated file, and round-trips through indexeddb:// and localstorage://', async () => {
    const tab = await open(isolated, 'model');
    const io = await tab.evaluate((base) => (globalThis as any).rectifyModel.io(base), isolated.url);
    const served = await rectify.loadModel(join(root, 'models/good'));
    const want = Array.from(served.predict(input()).values);
    io.http.forEach((v: number, i: number) => expect(Math.abs(v - want[i])).toBeLessThanOrEqual(1e-5));
    expect(io.saved).toEqual({ modelJson: 'indexeddb://round-trip', weights: 'indexeddb://round-trip' });
    expect(io.indexedDb).toEqual(io.expected);
    expect(io.localStorage).toEqual(io.expected);
    expect(io.truncated).toMatch(/^loadModel: the weights hold 8 bytes but the manifest describes \d+ \(truncated\)$/);
    expect(io.missing).toBe('loadModel: no model is saved as indexeddb://never-saved');
    expect(io.filePath).toMatch(/^loadModel: cannot read the path "models\/good" in a browser, which has no file system/);
    await tab.close();
  });

  it('offers downloads:// as model.json and weights files that load back in Node', async () => {
    const tab = await open(plain, 'model');
    const downloads: Array<{ name: string; path: string }> = [];
    tab.on('download', async (d) => downloads.push({ name: d.suggestedFilename(), path: (await d.path())! }));
    const saved = await tab.evaluate(() => (globalThis as any).rectifyModel.download('tiny'));
    expect(saved).toEqual({ modelJson: 'tiny.json', weights: 'tiny.weights.bin' });
    await expect.poll(() => downloads.length).toBe(2);
    const dir = mkdtempSync(join(tmpdir(), 'rectify-downloads-'));
    for (const d of downloads) writeFileSync(join(dir, d.name), readFileSync(d.path));
    const loaded = await rectify.loadModel(join(dir, 'tiny.json'));
    expect(loaded.layers.map((l) => l.constructor.name)).toEqual(['Dense']);
    rmSync(dir, { recursive: true, force: true });
    await tab.close();
  });

  it('logged no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
