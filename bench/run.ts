// Rectify beside TF.js (wasm and cpu backends), PyTorch on the CPU (training and GEMM, when
// `import torch` works) and Rectify's native backend (when built): every (case, implementation) runs in
// its own process, implementations alternate, each is repeated, medians and ratios are printed and saved as JSON.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { blasEnv, pytorchMissing, type ImplName } from './lib/impl.js';

const quick = process.argv.includes('--quick');
const repetitions = quick ? 1 : 3;
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const lowerIsBetter = (metric: string) => / us|MB/.test(metric);

const notes: string[] = [];
const torchMissing = pytorchMissing();
if (torchMissing) notes.push(`PyTorch column skipped: ${torchMissing} (install: apt-get install -y python3-torch libopenblas0-pthread)`);
const { nativeStatus } = await import('@rectify/native');
const native = nativeStatus();
if (!native.available) notes.push(`native column skipped: the native backend is ${native.reason} (build it: pnpm build:native)`);

const impls: ImplName[] = ['rectify', ...(native.available ? (['rectify-native'] as const) : []), 'tfjs-wasm', 'tfjs-cpu', ...(torchMissing ? [] : (['pytorch'] as const))];
const references = impls.filter((i) => i !== 'rectify');
// PyTorch and the native backend run the cases where their BLAS matters
const runsCase = (impl: ImplName, file: string) => (impl === 'pytorch' || impl === 'rectify-native' ? file === 'train.ts' || file === 'gemm.ts' : true);
const allCases: Array<[string, string[]]> = [['train.ts', []], ['train.ts', ['--wide']], ['train.ts', ['--cnn']], ['gemm.ts', []], ['tiny-ops.ts', []], ['csv.ts', []], ['lstm.ts', []], ['mobilenet.ts', []]];
// `--only train,gemm` runs just those case files (their names without .ts)
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1]?.split(',') ?? [] : null;
const cases = only ? allCases.filter(([file]) => only.includes(file.replace(/\.ts$/, ''))) : allCases;
if (only && cases.length === 0) throw new Error(`bench: --only ${only.join(',')} matches no case; cases are ${[...new Set(allCases.map(([f]) => f.replace(/\.ts$/, '')))].join(', ')}`);

const samples: Record<string, Partial<Record<ImplName, number[]>>> = {};
const failures: Record<string, string> = {};
for (const [file, args] of cases) {
  for (let rep = 0; rep < repetitions; rep++) {
    for (const impl of (rep % 2 ? [...impls].reverse() : impls).filter((i) => runsCase(i, file))) {
      process.stderr.write(`bench: ${file} ${args.join(' ')} ${impl} (${rep + 1}/${repetitions})\n`);
      const run = spawnSync(process.execPath, ['--import', 'tsx', here(`cases/${file}`), impl, ...args, ...(quick ? ['--quick'] : [])], { encoding: 'utf8', maxBuffer: 1 << 26, env: impl === 'rectify-native' ? blasEnv() : process.env });
      const last = run.stdout.trim().split('\n').at(-1) ?? '';
      if (run.status !== 0 || !last.startsWith('{')) {
        // a reference that cannot run a case here is reported n/a, not a crash
        const reason = /Error: (.*)/.exec(run.stderr)?.[1] ?? `exit ${run.status}`;
        if (impl === 'rectify') throw new Error(`bench: ${file} ${impl} failed:\n${run.stderr.slice(-2000)}`);
        failures[`${file}${args.join('')} ${impl}`] = reason;
        continue;
      }
      const partial = /training failed: (.*)/.exec(run.stderr)?.[1];
      if (partial) failures[`${file}${args.join('')} ${impl} training`] = partial;
      const result = JSON.parse(last) as Record<string, number>;
      const tag = `${file.replace('.ts', '')}${args.join('')}`;
      result[`${tag.replace('--', ' ')} peak RSS MB`] = result.peakRssMB;
      delete result.peakRssMB;
      for (const [metric, value] of Object.entries(result)) ((samples[metric] ??= {})[impl] ??= []).push(value);
    }
  }
}

const median = (xs: number[] | undefined) => (xs?.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] : Number.NaN);
const rows = Object.entries(samples).map(([metric, byImpl]) => {
  const m = Object.fromEntries(impls.map((i) => [i, median(byImpl[i])])) as Record<ImplName, number>;
  const ratio = (other: number) => (lowerIsBetter(metric) ? other / m.rectify : m.rectify / other);
  return { metric, values: m, ratios: Object.fromEntries(references.map((i) => [i, ratio(m[i])])) as Record<ImplName, number> };
});
// the native backend against PyTorch too, the comparison it exists for
const nativeVsTorch = native.available && !torchMissing;

const labels: Record<ImplName, string> = { rectify: 'Rectify', 'rectify-native': 'native', 'tfjs-wasm': 'TF.js wasm', 'tfjs-cpu': 'TF.js cpu', pytorch: 'PyTorch' };
const fmt = (v: number) => (Number.isNaN(v) ? 'n/a' : Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toFixed(3));
const fmtRatio = (v: number) => (Number.isNaN(v) ? 'n/a' : `${v.toFixed(2)}x`);
const header = ['metric', ...impls.map((i) => labels[i]), ...references.map((i) => `x vs ${labels[i]}`), ...(nativeVsTorch ? ['native x vs PyTorch'] : [])];
const table = [header, ...rows.map((r) => {
  const nativeRatio = lowerIsBetter(r.metric) ? r.values.pytorch / r.values['rectify-native'] : r.values['rectify-native'] / r.values.pytorch;
  return [r.metric, ...impls.map((i) => fmt(r.values[i])), ...references.map((i) => fmtRatio(r.ratios[i])), ...(nativeVsTorch ? [fmtRatio(nativeRatio)] : [])];
})];
const widths = header.map((_, c) => Math.max(...table.map((row) => row[c].length)));
const { getBackendName, getNumThreads } = await import('@rectify/rectify');
const machine = `${cpus()[0]?.model ?? 'cpu'}, ${cpus().length} cores, Node ${process.version}; Rectify on its ${getBackendName()} backend with ${getNumThreads()} thread(s)`;
console.log(`\n${machine}; medians of ${repetitions} run(s); "x" > 1 means Rectify is better\n`);
for (const [i, row] of table.entries()) {
  console.log(`| ${row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join(' | ')} |`);
  if (i === 0) console.log(`| ${widths.map((w, c) => (c === 0 ? '-'.repeat(w) : '-'.repeat(w - 1) + ':')).join(' | ')} |`);
}
for (const [what, reason] of Object.entries(failures)) console.log(`n/a: ${what}: ${reason}`);
for (const note of notes) console.log(`note: ${note}`);
mkdirSync(here('results'), { recursive: true });
const written = only ? `results/latest-${only.join('-')}.json` : 'results/latest.json';
writeFileSync(here(written), JSON.stringify({ machine, date: new Date().toISOString(), quick, repetitions, impls, rows, failures, notes }, null, 2));
console.log(`\nwritten to bench/${written}`);
