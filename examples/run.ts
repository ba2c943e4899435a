// `pnpm example <name>` runs examples/<name>.ts against the packages' TypeScript sources (tsconfig.examples.json
// maps the package names to them), so nothing needs rebuilding first; only the wasm kernels are compiled,
// and only when their sources changed.
import { existsSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const [name, ...args] = process.argv.slice(2);
const available = readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'run.ts').map((f) => f.slice(0, -3));
if (!name || !existsSync(`${dir}/${name}.ts`)) {
  console.error(`usage: pnpm example <name>\navailable: ${available.join(', ')}`);
  process.exit(name ? 1 : 0);
}
const root = fileURLToPath(new URL('..', import.meta.url));
const wasm = spawnSync(process.execPath, [`${root}/packages/core/scripts/build-wasm.mjs`], { stdio: 'inherit' });
if (wasm.status !== 0) process.exit(wasm.status ?? 1);
// the platform modules are chosen through package.json `imports`, which point at compiled files: compile the
// packages once on a fresh checkout (later runs use the sources and rebuild nothing)
const packages = readdirSync(`${root}/packages`).filter((p) => existsSync(`${root}/packages/${p}/tsconfig.json`));
if (packages.some((p) => !existsSync(`${root}/packages/${p}/dist/index.js`))) {
  const tsc = spawnSync(process.execPath, [`${root}/node_modules/typescript/bin/tsc`, '-b'], { stdio: 'inherit', cwd: root });
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);
}
const env = { ...process.env, TSX_TSCONFIG_PATH: `${root}/tsconfig.examples.json` };
const result = spawnSync(process.execPath, ['--import', 'tsx', `${dir}/${name}.ts`, ...args], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
