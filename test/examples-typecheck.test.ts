// The runnable examples type-check with `tsc --strict` against the packages' sources, through the same
// tsconfig.examples.json that `pnpm example` runs them with.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));
const tscBin = createRequire(join(repo, 'package.json')).resolve('typescript/bin/tsc');

describe('examples', () => {
  it('type-check under strict mode', () => {
    let errors = '';
    try {
      execFileSync(process.execPath, [tscBin, '-p', 'tsconfig.examples.json'], { cwd: repo, encoding: 'utf8' });
    } catch (e: any) {
      errors = String(e.stdout);
    }
    expect(errors.split('\n').filter(Boolean)).toEqual([]);
  }, 120_000);
});
