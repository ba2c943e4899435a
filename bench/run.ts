// Rectify and TF.js (wasm and cpu backends) side by side: every (case, implementation) runs in its own
// process, implementations alternate, each is repeated, medians and ratios are printed and saved as JSON.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';

const quick = process.argv.includes('--quick');
const repetitions = quick ? 1 : 3;
const impls = ['rectify', 'tfjs-wasm', 'tfjs-cpu'] as const;
const cases: Array<[string, string[]]> = [['train.ts', []], ['train.ts', ['--cnn']], ['gemm.ts', []], ['tiny-ops.ts', []], ['csv.ts', []], ['lstm.ts', []], ['mobilenet.ts', []]];
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const lowerIsBetter = (metric: string) => / us|MB/.test(metric);

const samples: Record<string, Record<string, number[]>> = {};
const failures: Record<string, string> = {};
for (const [file, args] of cases) {
  for (let rep = 0; rep < repetitions; rep++) {
    for (const impl of rep % 2 ? [...impls].reverse() : impls) {
      process.stderr.write(`bench: ${file} ${args.join(' ')} ${impl} (${rep + 1}/${repetitions})\n`);
      const run = spawnSync(process.execPath, ['--import', 'tsx', here(`cases/${file}`), impl, ...args, ...(quick ? ['--quick'] : [])], { encoding: 'utf8', maxBuffer: 1 << 26 });
      const last = run.stdout.trim().split('\n').at(-1) ?? '';
      if (run.status !== 0 || !last.startsWith('{')) {
        // a TF.js case that cannot run here is reported n/a, not a crash
        const reason = /Error: (.*)/.exec(run.stderr)?.[1] ?? `exit ${run.status}`;
        if (impl === 'rectify') throw new Error(`bench: ${file} ${impl} failed:\n${run.stderr.slice(-2000)}`);
        (failures[`${file}${args.join('')} ${impl}`] = reason);
        continue;
      }
      const partial = /training failed: (.*)/.exec(run.stderr)?.[1];
      if (partial) failures[`${file}${args.join('')} ${impl} training`] = partial;
      const result = JSON.parse(last) as Record<string, number>;
      const tag = `${file.replace('.ts', '')}${args.join('')}`;
      result[`${tag.replace("--", " ")} peak RSS MB`] = result.peakRssMB;
      delete result.peakRssMB;
      for (const [metric, value] of Object.entries(result)) ((samples[metric] ??= {})[impl] ??= []).push(value);
    }
  }
}

const median = (xs: number[] | undefined) => (xs?.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] : Number.NaN);
const rows = Object.entries(samples).map(([metric, byImpl]) => {
  const m = Object.fromEntries(impls.map((i) => [i, median(byImpl[i])]));
  const ratio = (other: number) => (lowerIsBetter(metric) ? other / m.rectify : m.rectify / other);
  return { metric, rectify: m.rectify, tfjsWasm: m['tfjs-wasm'], tfjsCpu: m['tfjs-cpu'], vsWasm: ratio(m['tfjs-wasm']), vsCpu: ratio(m['tfjs-cpu']) };
});

const fmt = (v: number) => (Number.isNaN(v) ? 'n/a' : Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toFixed(3));
const header = ['metric', 'Rectify', 'TF.js wasm', 'TF.js cpu', 'x vs wasm', 'x vs cpu'];
const table = [header, ...rows.map((r) => [r.metric, fmt(r.rectify), fmt(r.tfjsWasm), fmt(r.tfjsCpu), Number.isNaN(r.vsWasm) ? 'n/a' : `${r.vsWasm.toFixed(2)}x`, Number.isNaN(r.vsCpu) ? 'n/a' : `${r.vsCpu.toFixed(2)}x`])];
const widths = header.map((_, c) => Math.max(...table.map((row) => row[c].length)));
const { getBackendName, getNumThreads } = await import('rectify');
const machine = `${cpus()[0]?.model ?? 'cpu'}, ${cpus().length} cores, Node ${process.version}; Rectify on its ${getBackendName()} backend with ${getNumThreads()} thread(s)`;
console.log(`\n${machine}; medians of ${repetitions} run(s); "x" > 1 means Rectify is better\n`);
for (const [i, row] of table.entries()) {
  console.log(`| ${row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join(' | ')} |`);
  if (i === 0) console.log(`| ${widths.map((w, c) => (c === 0 ? '-'.repeat(w) : '-'.repeat(w - 1) + ':')).join(' | ')} |`);
}
for (const [what, reason] of Object.entries(failures)) console.log(`n/a: ${what}: ${reason}`);
mkdirSync(here('results'), { recursive: true });
writeFileSync(here('results/latest.json'), JSON.stringify({ machine, date: new Date().toISOString(), quick, repetitions, rows, failures }, null, 2));
console.log('\nwritten to bench/results/latest.json');
