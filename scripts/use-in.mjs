// Installs this checkout into another npm project as the published packages would be:
//   node path/to/rectify/scripts/use-in.mjs path/to/my-app
// builds (incrementally), packs every package into my-app/vendor/rectify/ and npm-installs the tarballs
// there, the umbrella under its published name. Options after the folder go to `npm install`;
// --no-build skips the workspace install and build.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pruneDist } from './prune-dist.mjs';

const repo = fileURLToPath(new URL('..', import.meta.url));
const PNPM = ['-y', 'pnpm@10.34.9'];

const args = process.argv.slice(2);
const build = !args.includes('--no-build');
const [target, ...npmArgs] = args.filter((a) => a !== '--no-build');
if (!target || !existsSync(join(target, 'package.json'))) {
  console.error('usage: node scripts/use-in.mjs <folder of an npm project (with a package.json)> [npm install options]');
  process.exit(1);
}
const project = resolve(target);
const umbrella = readFileSync(join(repo, 'PACKAGE_NAME'), 'utf8').trim();
// what the workspace calls the umbrella (packages/rectify), installed under `umbrella`
const WORKSPACE_UMBRELLA = JSON.parse(readFileSync(join(repo, 'packages/rectify/package.json'), 'utf8')).name;
const run = (cmd, cmdArgs, cwd) => execFileSync(cmd, cmdArgs, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });

if (build) {
  run('npx', [...PNPM, 'install', '--frozen-lockfile'], repo);
  run('npx', [...PNPM, 'build'], repo);
}
const vendor = join(project, 'vendor/rectify');
rmSync(vendor, { recursive: true, force: true });
mkdirSync(vendor, { recursive: true });
for (const p of readdirSync(join(repo, 'packages'))) {
  const dir = join(repo, 'packages', p);
  if (!existsSync(join(dir, 'dist', 'index.js'))) throw new Error(`use-in: packages/${p} is not built; run without --no-build`);
  pruneDist(dir); // outputs of deleted sources must not ship
  run('npx', [...PNPM, 'pack', '--pack-destination', vendor], dir);
}
const specs = readdirSync(vendor).filter((f) => f.endsWith('.tgz')).map((f) => {
  const name = JSON.parse(execFileSync('tar', ['-xzOf', join(vendor, f), 'package/package.json'], { encoding: 'utf8' })).name;
  // the umbrella is installed under its published name, whatever the workspace calls it
  return `${name === WORKSPACE_UMBRELLA ? umbrella : name}@file:vendor/rectify/${f}`;
});
run('npm', ['install', '--no-audit', '--no-fund', ...specs, ...npmArgs], project);
console.log(`\n${project} now depends on ${umbrella} and the @rectify packages from vendor/rectify/: import * as tf from '${umbrella}';`);
