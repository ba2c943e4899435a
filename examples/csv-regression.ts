// Linear regression streamed from a CSV file: the data is read in chunks and batched on the fly, so the
// same code trains on a file far larger than memory.
//
// The file is generated here by a stated rule: 20,000 rows of four features drawn uniformly from [-1, 1]
// and a price = 3 a - 2 b + 0.5 c + 0 d + 1, plus Gaussian noise with standard deviation 0.1. A single
// Dense unit should recover the weights [3, -2, 0.5, 0] and the bias 1, and reach a test MSE near the
// noise floor, 0.01.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Adam, Dense, Sequential, data, normalSample, rngFor, setSeed } from '@rectify/rectify';

const WEIGHTS = [3, -2, 0.5, 0];
const BIAS = 1;
const NOISE = 0.1;

function writeCsv(path: string, rows: number, seed: number): void {
  const rng = rngFor(seed);
  const lines = ['a,b,c,d,price'];
  for (let i = 0; i < rows; i++) {
    const f = WEIGHTS.map(() => rng() * 2 - 1);
    const price = f.reduce((s, v, j) => s + v * WEIGHTS[j], BIAS) + NOISE * normalSample(rng);
    lines.push([...f.map((v) => v.toFixed(4)), price.toFixed(4)].join(','));
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}

/** The CSV as batches of { xs: [batch, 4], ys: [batch, 1] }. */
function batches(path: string, batchSize: number, shuffleSeed?: number) {
  const rows = data
    .csv(path, { columnConfigs: { price: { isLabel: true } } })
    .map(({ xs, ys }) => ({ xs: Object.values(xs as Record<string, number>), ys: Object.values(ys as Record<string, number>) }));
  return (shuffleSeed === undefined ? rows : rows.shuffle(2048, shuffleSeed)).batch(batchSize).prefetch(2);
}

setSeed(1);
const dir = mkdtempSync(join(tmpdir(), 'rectify-csv-regression-'));
try {
  const trainPath = join(dir, 'train.csv');
  const testPath = join(dir, 'test.csv');
  writeCsv(trainPath, 20_000, 1);
  writeCsv(testPath, 2_000, 2);

  const model = new Sequential({ layers: [new Dense({ units: 1, inputShape: [4] })] });
  model.compile({ optimizer: new Adam({ learningRate: 0.05 }), loss: 'meanSquaredError' });
  // fit streams the file: one pass per epoch, each batch parsed as it is needed
  await model.fit(batches(trainPath, 64, 7), { epochs: 4, validationData: batches(testPath, 256) });
  const { loss } = await model.evaluate(batches(testPath, 256));
  const [kernel, bias] = model.getWeights();
  console.log(`test mse ${loss.toFixed(4)} (noise floor ${(NOISE * NOISE).toFixed(4)})`);
  console.log(`learned weights [${Array.from(kernel.dataSync(), (v) => v.toFixed(2)).join(', ')}], bias ${bias.item().toFixed(2)}; the rule: [${WEIGHTS.join(', ')}], bias ${BIAS}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
