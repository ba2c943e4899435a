// CSV throughput, rows per second over one generated file (9 numeric columns, one of them a label):
// Rectify's data.csv (quote-aware streaming, typed rows, { xs, ys }) against a plain line split of the
// same file (the floor of any parser: split on newlines and commas, Number() every field), and TF.js's
// tf.data.csv on the same file.
import { closeSync, mkdtempSync, openSync, rmSync, writeSync, createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { argImpl, loadTf, quick, report } from '../lib/impl.js';

const impl = argImpl();
const rows = quick ? 50_000 : 500_000;
const dir = mkdtempSync(join(tmpdir(), 'rectify-bench-csv-'));
const path = join(dir, 'rows.csv');
const fd = openSync(path, 'w');
writeSync(fd, 'f0,f1,f2,f3,f4,f5,f6,f7,y\n');
for (let start = 0; start < rows; start += 10_000) {
  let text = '';
  for (let i = start; i < Math.min(rows, start + 10_000); i++) {
    const f = Array.from({ length: 8 }, (_, j) => ((i * (j + 3)) % 997) / 10);
    text += `${f.join(',')},${f.reduce((a, b) => a + b, 0).toFixed(1)}\n`;
  }
  writeSync(fd, text);
}
closeSync(fd);

async function plainSplit(): Promise<number> {
  let count = -1; // the header
  let rest = '';
  let checksum = 0;
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 16 })) {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop()!;
    for (const line of lines) {
      if (count++ < 0) continue;
      const fields = line.split(',');
      for (const f of fields) checksum += Number(f);
    }
  }
  if (rest) count++;
  if (!(checksum > 0)) throw new Error('csv bench: nothing parsed');
  return count;
}

async function timed(name: string, run: () => Promise<number>, result: Record<string, number>): Promise<void> {
  await run(); // warm-up pass: JIT and file cache
  const t0 = performance.now();
  const n = await run();
  if (n !== rows) throw new Error(`csv bench: ${name} read ${n} rows, expected ${rows}`);
  result[name] = n / ((performance.now() - t0) / 1000);
}

const result: Record<string, number> = {};
try {
  if (impl === 'rectify') {
    const { data } = await import('@rectify/rectify');
    const ds = data.csv(path, { columnConfigs: { y: { isLabel: true } } });
    await timed('csv rows/s', async () => {
      let n = 0;
      for await (const _ of ds) n++;
      return n;
    }, result);
    await timed('csv plain line split rows/s', plainSplit, result);
  } else {
    const tf = await loadTf(impl);
    const ds = tf.data.csv(pathToFileURL(path).href, { columnConfigs: { y: { isLabel: true } } });
    await timed('csv rows/s', async () => {
      let n = 0;
      await ds.forEachAsync(() => void n++);
      return n;
    }, result);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
report(result);
