import { describe, expect, it } from 'vitest';
import { coreMisuses } from './misuse/core.js';
import { layerMisuses } from './misuse/layers.js';
import { optimMisuses } from './misuse/optim.js';
import { modelMisuses } from './misuse/models.js';
import { sequenceMisuses } from './misuse/sequence.js';
import type { Misuse } from './misuse/table.js';

// Every misuse must fail with a plain Error (never a raw TypeError or RangeError from deep inside) whose
// message names the op and the value. A new package's misuses are one more table in the list below.
const tables: Array<[string, Misuse[]]> = [
  ['core', coreMisuses],
  ['layers', layerMisuses],
  ['optim', optimMisuses],
  ['models', modelMisuses],
  ['sequence layers', sequenceMisuses],
];

async function thrown(run: () => unknown): Promise<unknown> {
  try {
    await run();
  } catch (e) {
    return e;
  }
  return undefined;
}

for (const [pkg, table] of tables) {
  describe(`misuse of ${pkg}`, () => {
    for (const [what, run, message] of table) {
      it(what, async () => {
        const error = await thrown(run);
        expect(error, 'it did not throw').toBeInstanceOf(Error);
        expect((error as Error).constructor, `it threw a ${(error as Error).constructor.name}: ${(error as Error).message}`).toBe(Error);
        expect((error as Error).message).toMatch(message);
      });
    }
  });
}

it('the tables hold at least 60 misuses, each named once', () => {
  const names = tables.flatMap(([, t]) => t.map(([what]) => what));
  expect(new Set(names).size).toBe(names.length);
  expect(names.length).toBeGreaterThanOrEqual(60);
});
