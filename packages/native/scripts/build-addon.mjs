// Builds the native add-on with node-gyp when OpenBLAS and a C compiler are present. With --if-possible
// (as `pnpm build` runs it) a missing library or compiler is reported and the build goes on: the add-on
// is optional. Without it (`pnpm build:native`) a failure fails the command. Either way the reason is
// written to addon/build/not-built.txt, which the loader reports. binding.gyp lives in addon/, not at the
// package root, so that package managers never run node-gyp on their own at install time.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../addon');
const optional = process.argv.includes('--if-possible');
const addon = join(root, 'build/Release/rectify_native.node');
const reasonFile = join(root, 'build/not-built.txt');
const sources = readdirSync(root).filter((f) => /\.(c|h|gyp)$/.test(f)).map((f) => join(root, f));

function finish(reason) {
  mkdirSync(join(root, 'build'), { recursive: true });
  if (reason === null) {
    rmSync(reasonFile, { force: true });
    console.log(`@rectify/native: built ${addon}`);
    process.exit(0);
  }
  rmSync(addon, { force: true }); // a stale add-on must not outlive a failed build
  writeFileSync(reasonFile, reason);
  console.log(`@rectify/native: not built: ${reason}`);
  process.exit(optional ? 0 : 1);
}

// up to date: nothing to do
if (existsSync(addon) && sources.every((s) => statSync(s).mtimeMs <= statSync(addon).mtimeMs)) {
  console.log('@rectify/native: up to date');
  process.exit(0);
}

// OpenBLAS's CBLAS interface, checked by compiling and linking a call to it
const probeDir = join(tmpdir(), `rectify-native-probe-${process.pid}`);
mkdirSync(probeDir, { recursive: true });
writeFileSync(join(probeDir, 'probe.c'), '#include <cblas.h>\nint main(void){float a=1,b=1,c=0;cblas_sgemm(CblasRowMajor,CblasNoTrans,CblasNoTrans,1,1,1,1.0f,&a,1,&b,1,0.0f,&c,1);return c!=1;}\n');
const cc = process.env.CC ?? 'cc';
const probe = spawnSync(cc, [join(probeDir, 'probe.c'), '-o', join(probeDir, 'probe'), '-lopenblas'], { encoding: 'utf8' });
rmSync(probeDir, { recursive: true, force: true });
if (probe.error) finish(`no C compiler (${cc}: ${probe.error.message})`);
if (probe.status !== 0) {
  const detail = probe.stderr.trim().split('\n')[0];
  finish(`OpenBLAS not found (cblas.h and -lopenblas; on Debian or Ubuntu: apt-get install -y libopenblas-dev)${detail ? `: ${detail}` : ''}`);
}

// node-gyp: the one on PATH, else the copy that ships with npm
const candidates = [
  join(dirname(process.execPath), '../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js'),
  join(dirname(process.execPath), 'node_modules/npm/node_modules/node-gyp/bin/node-gyp.js'),
];
const gypScript = candidates.find((c) => existsSync(c));
const onPath = spawnSync('node-gyp', ['--version'], { encoding: 'utf8' });
if (!gypScript && onPath.status !== 0) finish('node-gyp not found (it ships with npm; or npm install -g node-gyp)');
// Node's own headers when they are installed beside it, so nothing is downloaded
const prefix = join(dirname(process.execPath), '..');
const nodedir = existsSync(join(prefix, 'include/node/node_api.h')) ? [`--nodedir=${prefix}`] : [];
const [command, args] = gypScript ? [process.execPath, [gypScript]] : ['node-gyp', []];
const build = spawnSync(command, [...args, 'rebuild', ...nodedir], { cwd: root, encoding: 'utf8' });
if (build.status !== 0 || !existsSync(addon)) {
  const log = `${build.stdout ?? ''}\n${build.stderr ?? ''}`.trim().split('\n');
  finish(`node-gyp failed: ${log.filter((l) => /error/i.test(l))[0] ?? log.at(-1) ?? build.error?.message}`);
}
finish(null);
