import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Dense, SGD, Sequential, data, type Tensor } from '@rectify/rectify';

// 20 MB by default; RECTIFY_LARGE_TESTS=1 trains on a 3 GB file (RECTIFY_LARGE_TESTS_MB sets another size).
const large = process.env.RECTIFY_LARGE_TESTS === '1';
const targetMB = Number(process.env.RECTIFY_LARGE_TESTS_MB ?? (large ? 3072 : 20));
const dir = mkdtempSync(join(tmpdir(), 'rectify-fit-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Rows of 8 features and a target y = sum of the features / 10, written block by block. */
function writeCsv(path: string, megabytes: number): number {
  let text = '';
  const blockRows = 10_000;
  for (let i = 0; i < blockRows; i++) {
    const f = Array.from({ length: 8 }, (_, j) => ((i * (j + 3)) % 997) / 1000);
    text += `${f.join(',')},${(f.reduce((a, b) => a + b, 0) / 10).toFixed(5)}\n`;
  }
  const bytes = Buffer.from(text);
  const fd = openSync(path, 'w');
  writeSync(fd, 'f0,f1,f2,f3,f4,f5,f6,f7,y\n');
  let blocks = 0;
  for (; (blocks + 1) * bytes.length <= megabytes * 1024 * 1024; blocks++) writeSync(fd, bytes);
  closeSync(fd);
  return blocks * blockRows;
}

function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  expect(gc, 'the test runner starts workers with --expose-gc').toBeTypeOf('function');
  gc!();
  return process.memoryUsage().heapUsed;
}

describe('fit streams a CSV larger than it may hold', () => {
  it(`trains one epoch over ${targetMB} MB with flat memory`, { timeout: large ? 4 * 3600_000 : 120_000 }, async () => {
    const path = join(dir, 'big.csv');
    const rows = writeCsv(path, targetMB);
    const fileBytes = statSync(path).size;
    const ds = data
      .csv(path, { columnConfigs: { y: { isLabel: true } } })
      .map(({ xs, ys }) => ({ xs: Object.values(xs as Record<string, number>), ys: Object.values(ys as Record<string, number>) }))
      .batch(512)
      .prefetch(2);
    const model = new Sequential({ layers: [new Dense({ units: 1, inputShape: [8] })] });
    model.compile({ optimizer: new SGD({ learningRate: 0.01 }), loss: 'mse' });
    const steps = Math.ceil(rows / 512);
    const every = Math.max(1, Math.floor(steps / 20));
    let seen = 0;
    let baseline = 0;
    let peak = 0;
    const history = await model.fit(ds, {
      epochs: 1,
      verbose: 0,
      callbacks: {
        onBatchEnd: (batch: number, logs?: Record<string, number>) => {
          seen += logs?.size ?? 0;
          if (batch + 1 === every) baseline = heapAfterGc();
          else if ((batch + 1) % every === 0) peak = Math.max(peak, heapAfterGc());
        },
      },
    });
    expect(seen).toBe(rows);
    expect(Number.isFinite(history.history.loss[0])).toBe(true);
    // a leak of rows, batches or graphs grows with the file; reading it whole would take about twice its size
    expect(peak - baseline).toBeLessThan(Math.min(16 * 1024 * 1024, fileBytes / 4));
    const [w] = model.getWeights() as Tensor[];
    expect(w.shape).toEqual([8, 1]);
  });
});
