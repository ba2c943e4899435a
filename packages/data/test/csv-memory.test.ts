import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Tensor } from '@rectify/core';
import { data } from '../src/index.js';

// 20 MB by default; RECTIFY_LARGE_TESTS=1 streams 4 GB (RECTIFY_LARGE_TESTS_MB sets another size).
const large = process.env.RECTIFY_LARGE_TESTS === '1';
const targetMB = Number(process.env.RECTIFY_LARGE_TESTS_MB ?? (large ? 4096 : 20));
const dir = mkdtempSync(join(tmpdir(), 'rectify-csv-memory-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const BLOCK_ROWS = 10_000;
/** A block of rows: 8 features from the row index and a label that is their sum. */
function block(): { text: string; labelSum: number } {
  let text = '';
  let labelSum = 0;
  for (let i = 0; i < BLOCK_ROWS; i++) {
    const f = Array.from({ length: 8 }, (_, j) => ((i * (j + 3)) % 997) / 10);
    const label = f.reduce((a, b) => a + b, 0);
    labelSum += label;
    text += `${f.join(',')},${label.toFixed(1)}\n`;
  }
  return { text, labelSum };
}

function writeCsv(path: string, megabytes: number): { rows: number; labelSum: number } {
  const { text, labelSum } = block();
  const fd = openSync(path, 'w');
  writeSync(fd, 'f0,f1,f2,f3,f4,f5,f6,f7,y\n');
  let blocks = 0;
  const bytes = Buffer.from(text);
  while ((blocks + 1) * bytes.length <= megabytes * 1024 * 1024) {
    writeSync(fd, bytes);
    blocks++;
  }
  closeSync(fd);
  return { rows: blocks * BLOCK_ROWS, labelSum: blocks * labelSum };
}

function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  expect(gc, 'the test runner starts workers with --expose-gc').toBeTypeOf('function');
  gc!();
  return process.memoryUsage().heapUsed;
}

describe('data.csv on a file larger than it may hold', () => {
  it(`streams ${targetMB} MB through csv + map + batch with flat memory`, { timeout: large ? 4 * 3600_000 : 120_000 }, async () => {
    const path = join(dir, 'big.csv');
    const expected = writeCsv(path, targetMB);
    const fileBytes = statSync(path).size;
    const ds = data
      .csv(path, { columnConfigs: { y: { isLabel: true } } })
      .map(({ xs, ys }) => ({ xs: Object.values(xs as Record<string, number>), ys: Object.values(ys as Record<string, number>) }))
      .batch(512);
    let rows = 0;
    let labelSum = 0;
    let batches = 0;
    let baseline = 0;
    let peak = 0;
    const totalBatches = Math.ceil(expected.rows / 512);
    const sampleEvery = Math.max(1, Math.floor(totalBatches / 20));
    for await (const batch of ds) {
      const ys = batch.ys as Tensor;
      expect((batch.xs as Tensor).shape[1]).toBe(8);
      rows += ys.shape[0];
      for (let i = 0; i < ys.size; i++) labelSum += ys.values[i];
      batches++;
      if (batches === sampleEvery) baseline = heapAfterGc();
      else if (batches % sampleEvery === 0) peak = Math.max(peak, heapAfterGc());
    }
    expect(rows).toBe(expected.rows);
    expect(labelSum / expected.labelSum).toBeCloseTo(1, 5);
    const growth = peak - baseline;
    // the whole file as strings would take about twice its size; a leak of rows or batches grows with it
    expect(growth).toBeLessThan(Math.min(16 * 1024 * 1024, fileBytes / 4));
  });
});
