import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, truncateSync, appendFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { setSeed, zeros } from '@rectify/core';
import { BatchNormalization, Conv2D, Dense, Dropout, Flatten, MaxPooling2D } from '@rectify/layers';
import { Sequential, loadModel, saveModel } from '../../src/index.js';

/** mulberry32: a small seeded generator, so every run mutates the same way. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const root = mkdtempSync(join(tmpdir(), 'rectify-fuzz-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const outside = join(root, 'outside.bin');
writeFileSync(outside, new Uint8Array(4096));

// Values a hostile or broken file may hold where anything else belongs. NaN and Infinity are not JSON: they
// are written as raw tokens, which must make the file invalid JSON, not a crash.
const NASTY: unknown[] = [
  null, true, false, '', 'abc', 'constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', -1, 0, 0.5, 1e308, -1e308, 2 ** 53, 2 ** 31, 20_000_000, 1e9,
  [], [null], [1e9, 1e9], [-1], ['3', '2'], [[1]], {}, { value: 1 }, 'x'.repeat(5000), '../../etc/passwd', '/dev/zero', 'NaN-token', 'Infinity-token',
];

type Json = Record<string, unknown> | unknown[];

/** Every object/array in a JSON tree with its keys, to pick a random place to mutate. */
function containers(value: unknown, out: Json[] = []): Json[] {
  if (value && typeof value === 'object') {
    out.push(value as Json);
    for (const v of Object.values(value)) containers(v, out);
  }
  return out;
}

const pick = <T>(rand: () => number, list: readonly T[]): T => list[Math.floor(rand() * list.length)];

const HUGE = [12_000, 65_536, 20_000_000, 2 ** 31, 1e9, 2 ** 53];

/** Sets a size in a layer config (units, filters, a kernel or input dimension, ...) to a hostile value. */
function inflateSize(json: Record<string, unknown>, rand: () => number): string {
  const sizes: Array<[Record<string, unknown> | unknown[], string | number]> = [];
  for (const place of containers((json.modelTopology as { config?: { layers?: unknown } } | undefined)?.config?.layers)) {
    for (const [key, value] of Object.entries(place)) {
      if (Number.isInteger(value) && (value as number) > 0) sizes.push([place, Array.isArray(place) ? Number(key) : key]);
    }
  }
  if (sizes.length === 0) return 'no size to inflate';
  const [place, key] = pick(rand, sizes);
  const value = pick(rand, HUGE);
  (place as Record<string | number, unknown>)[key] = value;
  return `size ${key} = ${value}`;
}

/** One mutation of model.json's content, described for failure messages. */
function mutateJson(json: Record<string, unknown>, rand: () => number): string {
  if (rand() < 0.25) return inflateSize(json, rand);
  // mostly the layer configs, where the loader has the most to check
  const layers = (json.modelTopology as { config?: { layers?: unknown } } | undefined)?.config?.layers;
  const inLayers = rand() < 0.7 ? containers(layers) : [];
  const places = inLayers.length ? inLayers : containers(json);
  const place = pick(rand, places);
  const keys = Object.keys(place);
  const key = keys.length ? pick(rand, keys) : '0';
  const rec = place as Record<string, unknown>;
  switch (Math.floor(rand() * 5.3)) {
    case 0:
      if (Array.isArray(place)) place.splice(Number(key), 1);
      else delete rec[key];
      return `removed ${key}`;
    case 1: {
      const v = pick(rand, NASTY);
      rec[key] = v;
      return `${key} = ${JSON.stringify(v)?.slice(0, 40)}`;
    }
    case 2: {
      // a prototype key as an own key: JSON.stringify writes it, JSON.parse would act on it
      const proto = pick(rand, ['__proto__', 'constructor', 'prototype']);
      if (!Array.isArray(place)) Object.defineProperty(place, proto, { value: { polluted: 1 }, enumerable: true, configurable: true, writable: true });
      return `added key ${proto}`;
    }
    case 3: {
      const v = rec[key];
      rec[key] = typeof v === 'number' ? String(v) : Array.isArray(v) ? Object.fromEntries(v.entries()) : typeof v === 'string' ? v.length : [v];
      return `changed the type of ${key}`;
    }
    case 4: {
      const v = rec[key];
      const n = pick(rand, [-3, -1, 0, 1e7, 2 ** 40, 1e300, 0.5]);
      rec[key] = typeof v === 'number' ? n : Array.isArray(v) ? v.map((d) => (typeof d === 'number' ? d * pick(rand, [1000, -1, 0, 1e6]) : d)) : n;
      return `scaled ${key}`;
    }
    default: {
      const manifest = json.weightsManifest as Array<{ paths: unknown[] }> | undefined;
      if (Array.isArray(manifest) && manifest[0] && Array.isArray(manifest[0].paths)) manifest[0].paths.push(...Array(pick(rand, [1, 100, 10_000])).fill(manifest[0].paths[0]));
      return 'duplicated the shard path';
    }
  }
}

/** One mutation of the files in the folder. */
function mutateFiles(dir: string, shard: string, rand: () => number): string {
  const weights = join(dir, shard);
  const model = join(dir, 'model.json');
  const target = rand() < 0.75 ? weights : model;
  const name = target === weights ? 'weights' : 'model.json';
  switch (Math.floor(rand() * 8)) {
    case 0:
      truncateSync(target, Math.floor(rand() * readFileSync(target).length));
      return `truncated ${name}`;
    case 1:
      appendFileSync(target, new Uint8Array(1 + Math.floor(rand() * 64)));
      return `extended ${name}`;
    case 2:
      rmSync(target);
      symlinkSync(pick(rand, [outside, '/dev/zero', '/etc/passwd']), target);
      return `${name} is a symlink`;
    case 3:
      rmSync(target);
      execFileSync('mkfifo', [target]);
      return `${name} is a FIFO`;
    case 4:
      rmSync(target);
      mkdirSync(target);
      return `${name} is a directory`;
    case 5:
      rmSync(target);
      return `${name} removed`;
    case 6:
      truncateSync(target, 3 * 2 ** 30);
      return `${name} is a 3 GiB sparse file`;
    default:
      writeFileSync(target, Buffer.from(Array.from({ length: 64 }, () => Math.floor(rand() * 256))));
      return `${name} replaced by random bytes`;
  }
}

async function savedModels(): Promise<Array<{ dir: string; model: Sequential }>> {
  setSeed(11);
  const mlp = new Sequential({ layers: [new Dense({ units: 8, activation: 'relu', inputShape: [5] }), new Dropout({ rate: 0.2 }), new Dense({ units: 3, activation: 'softmax' })] });
  const conv = new Sequential({
    layers: [new Conv2D({ filters: 3, kernelSize: 3, padding: 'same', activation: 'relu', inputShape: [6, 6, 2] }), new BatchNormalization(), new MaxPooling2D({ poolSize: 2 }), new Flatten(), new Dense({ units: 4 })],
  });
  return Promise.all(
    [mlp, conv].map(async (model, i) => {
      const dir = join(root, `base-${i}`);
      await saveModel(model, dir);
      return { dir, model };
    }),
  );
}

const CASES = 360;
const CASE_MS = 2000;

describe('fuzzed model folders load or are refused with a loadModel: error, quickly and in bounded memory', () => {
  it(`${CASES} seeded mutations of a saved MLP and conv net`, async () => {
    const bases = await savedModels();
    const rand = generator(20261201);
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const heapBefore = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
    // the process's lifetime peak (catches a transient allocation; earlier tests in this worker may have set
    // it higher already) and the current RSS after every case (catches what is kept)
    const peakBefore = process.resourceUsage().maxRSS * 1024;
    const rssBefore = process.memoryUsage().rss;
    let rssHighest = rssBefore;
    const outcomes = { loaded: 0, refused: 0 };
    let slowest = 0;
    for (let c = 0; c < CASES; c++) {
      const base = bases[c % bases.length];
      const dir = join(root, `case-${c}`);
      cpSync(base.dir, dir, { recursive: true });
      const shard = readdirSync(dir).find((f) => f.endsWith('.bin'))!;
      const done: string[] = [];
      const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
      const jsonMutations = rand() < 0.7 ? 1 + Math.floor(rand() * 3) : 0;
      for (let m = 0; m < jsonMutations; m++) done.push(mutateJson(json, rand));
      if (jsonMutations) writeFileSync(join(dir, 'model.json'), JSON.stringify(json).replace(/"NaN-token"/g, 'NaN').replace(/"Infinity-token"/g, 'Infinity'));
      if (!jsonMutations || rand() < 0.3) done.push(mutateFiles(dir, shard, rand));

      const start = performance.now();
      const result = await loadModel(dir).then(
        (model) => ({ model, error: null }),
        (error: unknown) => ({ model: null, error }),
      );
      const ms = performance.now() - start;
      slowest = Math.max(slowest, ms);
      const what = `case ${c} (${done.join('; ')})`;
      expect(ms, what).toBeLessThan(CASE_MS);
      if (result.model) {
        // whatever loads must be a working model
        outcomes.loaded++;
        const shape = result.model.inputShape!.map((d) => d ?? 1);
        const y = result.model.predict(zeros(shape));
        expect(y.shape[0], what).toBe(1);
      } else {
        outcomes.refused++;
        expect(result.error, what).toBeInstanceOf(Error);
        expect((result.error as Error).message, what).toMatch(/^loadModel: /);
      }
      rmSync(dir, { recursive: true, force: true });
      rssHighest = Math.max(rssHighest, process.memoryUsage().rss);
    }
    gc?.();
    const heapGrowth = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers - heapBefore;
    const peakGrowth = process.resourceUsage().maxRSS * 1024 - peakBefore;
    // no case may have allocated anywhere near a hostile size (GiBs), transiently or for good
    expect(peakGrowth, `peak RSS grew by ${(peakGrowth / 2 ** 20).toFixed(1)} MiB`).toBeLessThan(128 * 2 ** 20);
    expect(heapGrowth, `heap grew by ${(heapGrowth / 2 ** 20).toFixed(1)} MiB`).toBeLessThan(32 * 2 ** 20);
    const rssGrowth = rssHighest - rssBefore;
    expect(rssGrowth, `RSS grew by ${(rssGrowth / 2 ** 20).toFixed(1)} MiB`).toBeLessThan(128 * 2 ** 20);
    // the mutations reach both outcomes, so the test exercises acceptance as well as refusal
    expect(outcomes.loaded).toBeGreaterThan(10);
    expect(outcomes.refused).toBeGreaterThan(CASES / 2);
    console.log(`fuzz: ${outcomes.loaded} loaded, ${outcomes.refused} refused, slowest ${slowest.toFixed(0)} ms, peak RSS +${(peakGrowth / 2 ** 20).toFixed(1)} MiB, RSS +${(rssGrowth / 2 ** 20).toFixed(1)} MiB, heap +${(heapGrowth / 2 ** 20).toFixed(1)} MiB`);
  });
});
