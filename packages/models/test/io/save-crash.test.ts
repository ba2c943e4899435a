import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tensor } from '@rectify/core';
import { loadModel, saveModel, type Sequential } from '../../src/index.js';
import { seededModel, wrappedFs } from './save-kill-fixture.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const child = fileURLToPath(new URL('./save-kill-child.ts', import.meta.url));
const tsconfig = fileURLToPath(new URL('./child-tsconfig.json', import.meta.url));
const made: string[] = [];
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'rectify-crash-'));
  made.push(dir);
  return dir;
};
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const OLD = 1;
const NEW = 2;
const NEXT = 3;

/** Runs the save of seededModel(NEW) over `dir` in a child process killed before/after operation k. */
function killedSave(dir: string, when: 'before' | 'after', k: number): Promise<{ signal: NodeJS.Signals | null; code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', child, dir, when, String(k), String(NEW)], { cwd: root, env: { ...process.env, TSX_TSCONFIG_PATH: tsconfig }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (d) => (stderr += d));
    p.on('error', reject);
    p.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
}

/** All weight values of a model, concatenated: two models are the same model exactly when these are equal. */
const values = (m: Sequential) => m.weights.flatMap((w) => Array.from(w.dataSync()));
const x = tensor([[0.5, -1, 2, 0.25], [1, 1, -1, 3]]);

/** Which complete model the folder holds: 'old', 'new' or 'next'; anything else fails the test. */
async function whichModel(dir: string): Promise<'old' | 'new' | 'next'> {
  const loaded = await loadModel(dir);
  const got = values(loaded);
  const prediction = Array.from(loaded.predict(x).dataSync());
  for (const [name, seed] of [['old', OLD], ['new', NEW], ['next', NEXT]] as const) {
    const model = seededModel(seed);
    if (got.length === values(model).length && got.every((v, i) => v === values(model)[i])) {
      expect(prediction).toEqual(Array.from(model.predict(x).dataSync()));
      return name;
    }
  }
  throw new Error(`the folder holds a model that is neither the old nor the new one: ${readdirSync(dir).join(', ')}`);
}

/** The folder holds exactly model.json and the one weights file it lists. */
function expectClean(dir: string): void {
  const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  const shard: string = json.weightsManifest[0].paths[0];
  expect(shard).toMatch(/^weights\.[0-9a-f]{12}\.bin$/);
  expect(readdirSync(dir).sort()).toEqual(['model.json', shard].sort());
}

/** Runs tasks with at most `limit` at a time (the machine has few cores). */
async function pooled<T>(tasks: Array<() => Promise<T>>, limit: number): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

describe('a save killed at any point leaves the old model or the new one, never a mixture', () => {
  /** A folder holding the old model, plus (optionally) what an earlier killed save left behind. */
  async function oldFolder(withLeftovers: boolean): Promise<string> {
    const dir = temp();
    await saveModel(seededModel(OLD), dir);
    if (withLeftovers) {
      writeFileSync(join(dir, 'weights.0123456789ab.bin'), new Uint8Array(1000));
      writeFileSync(join(dir, '.model.json.0123456789ab.tmp'), '{"format": "layers-mo');
      writeFileSync(join(dir, '.weights.bin.0123456789ab.tmp'), new Uint8Array(1000));
      writeFileSync(join(dir, '.rectify-save.lock'), String(deadPid));
    }
    return dir;
  }

  let deadPid = 0;
  beforeAll(async () => {
    const p = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    deadPid = p.pid!;
    await new Promise((r) => p.on('close', r));
  });

  /** Kills a save at every operation (when = before and/or after it) and checks each outcome. */
  async function killAtEveryStep(withLeftovers: boolean, whens: ReadonlyArray<'before' | 'after'>): Promise<void> {
    // the operations of one save into such a folder, in order
    const probe = await oldFolder(withLeftovers);
    const names: string[] = [];
    await saveModel(seededModel(NEW), probe, { fs: wrappedFs((_k, name, run) => (names.push(name), run())) });
    expect(await whichModel(probe)).toBe('new');
    expectClean(probe);
    expect(names).toContain('fsyncSync');
    expect(names).toContain('renameSync');

    const cases = names.flatMap((name, i) => whens.map((when) => ({ k: i + 1, name, when })));
    // after the last operation too, whatever `whens` is: the save has done everything but return
    if (!whens.includes('after')) cases.push({ k: names.length, name: names.at(-1)!, when: 'after' });
    const outcomes = await pooled(
      cases.map(({ k, name, when }) => async () => {
        const dir = await oldFolder(withLeftovers);
        const run = await killedSave(dir, when, k);
        expect(run.signal, `save killed ${when} operation ${k} (${name}): ${run.stderr}`).toBe('SIGKILL');
        const held = await whichModel(dir);
        // the next save over whatever the killed one left must succeed and leave nothing behind
        await saveModel(seededModel(NEXT), dir);
        expectClean(dir);
        expect(await whichModel(dir)).toBe('next');
        return `${when} ${k} ${name}: ${held}`;
      }),
      2,
    );
    // the folder switches from the old model to the new one exactly once, at the rename of model.json
    const held = outcomes.map((o) => o.split(': ')[1]);
    const firstNew = held.indexOf('new');
    expect(firstNew, outcomes.join('\n')).toBeGreaterThan(0);
    expect(held.slice(0, firstNew).every((h) => h === 'old'), outcomes.join('\n')).toBe(true);
    expect(held.slice(firstNew).every((h) => h === 'new'), outcomes.join('\n')).toBe(true);
    expect(outcomes[firstNew]).toMatch(/^(after \d+ renameSync|before \d+ openSync): new$/);
  }

  it('kills a child process right before and right after every file operation of a save', async () => {
    await killAtEveryStep(false, ['before', 'after']);
  });

  it('kills a save at every step of cleaning up after an earlier killed save (stale lock, temporaries, orphan weights)', async () => {
    await killAtEveryStep(true, ['before']);
  });

  it('flushes the weights and the new model.json before the rename that switches models, and the folder after it', async () => {
    const dir = temp();
    await saveModel(seededModel(OLD), dir);
    const ops: string[] = [];
    const fds = new Map<unknown, string>();
    const base = (p: unknown) => String(p).split('/').pop()!.replace(/[0-9a-f]{12}/, 'TAG').replace(/^rectify-crash-.*/, 'DIR');
    await saveModel(seededModel(NEW), dir, {
      fs: wrappedFs((_k, name, run, args) => {
        const result = run();
        if (name === 'openSync') fds.set(result, base(args[0]));
        const on = name === 'openSync' || name === 'renameSync' || name === 'rmSync' || name === 'lstatSync' || name === 'mkdirSync' || name === 'readdirSync' || name === 'readFileSync' ? base(args[0]) : fds.get(args[0]);
        ops.push(`${name.replace('Sync', '')} ${on}${name === 'renameSync' ? ` -> ${base(args[1])}` : ''}`);
        return result;
      }),
    });
    const sequence = ops.filter((o) => /^(fsync|rename|close|open) /.test(o)).join(', ');
    expect(sequence).toContain('open weights.TAG.bin, fsync weights.TAG.bin, close weights.TAG.bin, open .model.json.TAG.tmp, fsync .model.json.TAG.tmp, close .model.json.TAG.tmp, open DIR, fsync DIR, close DIR, rename .model.json.TAG.tmp -> model.json, open DIR, fsync DIR, close DIR');
    // the previous weights are removed only after the switch
    const removal = ops.findIndex((o) => /^rm weights\.TAG\.bin$/.test(o));
    expect(removal).toBeGreaterThan(ops.findIndex((o) => o.startsWith('rename')));
  });

  it('a save into a folder another live process is saving to is refused, and a dead process\'s lock is taken over', async () => {
    const dir = temp();
    await saveModel(seededModel(OLD), dir);
    const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      writeFileSync(join(dir, '.rectify-save.lock'), String(sleeper.pid));
      await expect(saveModel(seededModel(NEW), dir)).rejects.toThrow(new RegExp(`saveModel: could not save to .*another save to this folder is in progress \\(process ${sleeper.pid}.*the previous model is unchanged`));
      expect(await whichModel(dir)).toBe('old');
    } finally {
      sleeper.kill('SIGKILL');
    }
    await new Promise((r) => sleeper.on('close', r));
    await saveModel(seededModel(NEW), dir);
    expectClean(dir);
    expect(await whichModel(dir)).toBe('new');
  });
});
