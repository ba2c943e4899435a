// Compiles assembly/ to wasm/kernels.wasm with AssemblyScript, unless the module is newer than every
// source: a build with nothing changed then costs only tsc's incremental check. The elementwise op-code
// switch is regenerated from the kernel table first (written only when it changed).
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { writeElementwiseDispatch } from './elementwise-dispatch.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const output = join(root, 'wasm', 'kernels.wasm');
await writeElementwiseDispatch(root);

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const sourcesTime = Math.max(newestSource(join(root, 'assembly')), statSync(join(root, 'asconfig.json')).mtimeMs);
if (existsSync(output) && statSync(output).mtimeMs >= sourcesTime) process.exit(0);
const asc = spawnSync('asc', ['--config', 'asconfig.json'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
process.exit(asc.status ?? 1);
