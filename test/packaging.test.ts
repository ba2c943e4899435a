// Packs every package as it would be published, installs the tarballs with npm into a fresh project outside
// the workspace (no links, no registry), and runs a small program there as ESM, as CommonJS and through
// `tsc --strict`: what a user of the published packages gets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));
const packageDirs = readdirSync(join(repo, 'packages')).map((p) => join(repo, 'packages', p));
/** The name the umbrella is published under. */
const umbrellaName = readFileSync(join(repo, 'PACKAGE_NAME'), 'utf8').trim();
const requireFromCore = createRequire(join(repo, 'packages/core/package.json'));
const tscBin = createRequire(join(repo, 'package.json')).resolve('typescript/bin/tsc');

let work = '';
let project = '';
const tarballs: string[] = [];

function run(cmd: string, args: string[], cwd: string): string {
  try {
    return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });
  } catch (e: any) {
    throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}:\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }
}

function manifestOf(tarball: string): any {
  return JSON.parse(run('tar', ['-xzOf', tarball, 'package/package.json'], work));
}

const program = (importLine: string) => `${importLine}
const { Sequential, Dense, tensor, setSeed } = tf;
setSeed(1);
const model = new Sequential({ layers: [new Dense({ units: 8, inputShape: [2], activation: 'relu' }), new Dense({ units: 1 })] });
model.compile({ optimizer: tf.train.adam(0.05), loss: 'meanSquaredError' });
const x = tensor([[0, 0], [0, 1], [1, 0], [1, 1]]);
const y = tensor([[0], [1], [1], [2]]);
model.fit(x, y, { epochs: 150, batchSize: 4, verbose: 0 }).then((history) => {
  const losses = history.history.loss;
  const layer = tf.layers.dense({ units: 3 });
  console.log(JSON.stringify({ first: losses[0], last: losses[losses.length - 1], dense: layer.className, out: model.predict(x).arraySync() }));
});
`;

beforeAll(() => {
  for (const dir of packageDirs) {
    if (!existsSync(join(dir, 'dist', 'index.js'))) throw new Error(`packaging test: ${dir}/dist is missing: run \`pnpm build\` first`);
  }
  work = mkdtempSync(join(tmpdir(), 'rectify-pack-'));
  project = join(work, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }, null, 2));
  // the one external runtime dependency, packed from the workspace's copy so the install needs no network
  run('npm', ['pack', '--ignore-scripts', '--pack-destination', work, dirname(requireFromCore.resolve('seedrandom/package.json'))], work);
  const seedrandom = readdirSync(work).find((f) => f.startsWith('seedrandom'))!;
  // what the README tells users to run, without the workspace install and build the suite has done already
  run(process.execPath, [join(repo, 'scripts/use-in.mjs'), project, '--no-build', '--offline', '--ignore-scripts', '--cache', join(work, 'npm-cache'), join(work, seedrandom)], work);
  const vendor = join(project, 'vendor/rectify');
  tarballs.push(...readdirSync(vendor).map((f) => join(vendor, f)));
}, 170_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed packages', () => {
  it('ship what runs and nothing that points at missing files', () => {
    for (const t of tarballs.filter((f) => !basename(f).startsWith('seedrandom'))) {
      const files = run('tar', ['-tzf', t], work).trim().split('\n');
      const manifest = manifestOf(t);
      expect(files, t).toContain('package/README.md');
      expect(files, t).toContain('package/LICENSE');
      expect(files.filter((f) => /\.map$|tsbuildinfo|\/src\/|\.test\./.test(f)), t).toEqual([]);
      // every compiled file comes from a current source (outputs of deleted sources are pruned before packing)
      const dir = packageDirs.find((d) => JSON.parse(readFileSync(join(d, 'package.json'), 'utf8')).name === manifest.name)!;
      const orphans = files.filter((f) => f.startsWith('package/dist/')).map((f) => f.slice('package/dist/'.length).replace(/\.(d\.ts|js)$/, ''))
        .filter((base) => !existsSync(join(dir, 'src', `${base}.ts`)) && !existsSync(join(dir, 'src', `${base}.d.ts`)));
      expect(orphans, t).toEqual([]);
      expect(JSON.stringify(manifest.dependencies ?? {}), t).not.toContain('workspace:');
      expect(manifest.engines?.node, t).toBe('^20.19.0 || >=22.12.0');
    }
    const core = run('tar', ['-tzf', tarballs.find((t) => t.includes('rectify-core'))!], work);
    expect(core).toContain('package/wasm/kernels.wasm');
  });

  it('install as plain folders, not links into the workspace, the umbrella under its published name', () => {
    const deps = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')).dependencies;
    expect(deps[umbrellaName]).toMatch(/^file:vendor\/rectify\/(rectify-)?rectify-0\.1\.0\.tgz$/); // rectify or @rectify/rectify, packed
    for (const name of ['@rectify/core', '@rectify/layers', '@rectify/optim', '@rectify/models', '@rectify/data', umbrellaName, 'seedrandom']) {
      expect(lstatSync(join(project, 'node_modules', name)).isSymbolicLink(), name).toBe(false);
    }
  });

  it('run a training program as an ES module', () => {
    writeFileSync(join(project, 'train.mjs'), program(`import * as tf from '${umbrellaName}';`));
    const result = JSON.parse(run(process.execPath, ['train.mjs'], project));
    expect(result.last).toBeLessThan(result.first / 10);
    expect(result.dense).toBe('Dense');
    expect(result.out).toHaveLength(4);
  });

  it('run the same program from CommonJS through require', () => {
    writeFileSync(join(project, 'train.cjs'), program(`const tf = require('${umbrellaName}');`));
    const result = JSON.parse(run(process.execPath, ['train.cjs'], project));
    expect(result.last).toBeLessThan(result.first / 10);
  });

  it('type-check a program against the published declarations with tsc --strict', () => {
    writeFileSync(join(project, 'train.mts'), `${program(`import * as tf from '${umbrellaName}';`)}
const typed: number[][] = tf.tensor([[1, 2]]).arraySync() as number[][];
// @ts-expect-error a misspelt loss name is a type error
tf.sequential().compile({ optimizer: 'adam', loss: 'meanSquareError' });
// @ts-expect-error a misspelt activation name is a type error
tf.layers.dense({ units: 1, activation: 'rleu' });
export { typed };
`);
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        strict: true, noEmit: true, skipLibCheck: false, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext',
        types: ['node'], typeRoots: [join(repo, 'node_modules/@types')],
      },
      files: ['train.mts'],
    }));
    run(process.execPath, [tscBin, '-p', 'tsconfig.json'], project);
  });
});
