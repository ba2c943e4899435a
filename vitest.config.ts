import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

// Tests run against the TypeScript sources, so `pnpm test` needs no build of the packages first.
export default defineConfig({
  resolve: {
    alias: {
      '@rectify/core': src('core'),
      '@rectify/layers': src('layers'),
      '@rectify/optim': src('optim'),
      '@rectify/models': src('models'),
      '@rectify/data': src('data'),
      '@rectify/native': src('native'),
      '@rectify/rectify': src('rectify'),
    },
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // lets the memory test force a collection before measuring
    execArgv: ['--expose-gc'],
  },
});
