import * as nodeFs from 'node:fs';
import { setSeed } from '@rectify/core';
import { Dense } from '@rectify/layers';
import { Sequential, type SaveFs } from '../../src/index.js';

/** Every operation a save may perform, in the order they are wrapped. */
const OPS = ['mkdirSync', 'openSync', 'writeSync', 'fsyncSync', 'closeSync', 'renameSync', 'rmSync', 'readdirSync', 'readFileSync', 'lstatSync'] as const;

/** The same small MLP for a given seed, in the test and in the process that is killed. */
export function seededModel(seed: number): Sequential {
  setSeed(seed);
  return new Sequential({ name: 'kill_test', layers: [new Dense({ name: 'hidden', units: 6, activation: 'relu', inputShape: [4] }), new Dense({ name: 'out', units: 3 })] });
}

/** A SaveFs that calls `around(k, name, run, args)` for the k-th operation (1-based), which must call `run()`. */
export function wrappedFs(around: (k: number, name: string, run: () => unknown, args: unknown[]) => unknown): SaveFs {
  let k = 0;
  const fs: Record<string, unknown> = { ...nodeFs };
  for (const name of OPS) {
    const real = (nodeFs as unknown as Record<string, (...a: unknown[]) => unknown>)[name];
    fs[name] = (...args: unknown[]) => around(++k, name, () => real(...args), args);
  }
  return fs as unknown as SaveFs;
}
