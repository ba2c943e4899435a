import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Conv2D, Dense, initializers, withWeightBudget, type Initializer } from '@rectify/layers';
import { Sequential, loadModel, saveModel } from '../../src/index.js';
import { LOAD_LIMITS } from '../../src/io/limits.js';

const made: string[] = [];
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'rectify-hostile-'));
  made.push(dir);
  return dir;
};
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

async function saved() {
  const dir = temp();
  await saveModel(new Sequential({ layers: [new Dense({ units: 2, inputShape: [3] })] }), dir);
  const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  const shard: string = json.weightsManifest[0].paths[0];
  return { dir, json, shard, shardPath: join(dir, shard) };
}
const rewrite = (dir: string, json: unknown) => writeFileSync(join(dir, 'model.json'), JSON.stringify(json));

/** Runs a load that must be refused quickly, and returns the refusal. */
async function refusal(source: string, ms = 1000): Promise<string> {
  const start = performance.now();
  const message = await loadModel(source).then(() => 'loaded', (e: Error) => e.message);
  expect(performance.now() - start).toBeLessThan(ms);
  return message;
}

describe('hostile weight files', () => {
  it('a weights file that is a symbolic link is not followed, even to a valid file or /dev/zero', async () => {
    const { dir, shardPath } = await saved();
    const outside = join(temp(), 'secret.bin');
    writeFileSync(outside, readFileSync(shardPath));
    rmSync(shardPath);
    symlinkSync(outside, shardPath);
    expect(await refusal(dir)).toMatch(/^loadModel: weights file .* is a symbolic link, which the loader does not follow/);
    rmSync(shardPath);
    symlinkSync('/dev/zero', shardPath);
    expect(await refusal(dir)).toMatch(/^loadModel: weights file .* is a symbolic link/);
  });

  it('a FIFO, a directory or a huge sparse file in place of weights is refused without blocking or reading', async () => {
    const { dir, shardPath } = await saved();
    rmSync(shardPath);
    execFileSync('mkfifo', [shardPath]);
    expect(await refusal(dir)).toMatch(/^loadModel: weights file .* is a FIFO; expected a regular file/);
    rmSync(shardPath);
    mkdirSync(shardPath);
    expect(await refusal(dir)).toMatch(/^loadModel: weights file .* is a directory; expected a regular file/);
    rmSync(shardPath, { recursive: true });
    writeFileSync(shardPath, '');
    truncateSync(shardPath, 8 * 2 ** 30);
    expect(await refusal(dir)).toMatch(/^loadModel: the weights hold 8589934592 bytes but the manifest describes 32 \(extra data\)/);
  });

  it('weights with extra data, or the same shard listed twice, are refused', async () => {
    const { dir, json, shard, shardPath } = await saved();
    appendFileSync(shardPath, new Uint8Array(4));
    expect(await refusal(dir)).toMatch(/hold 36 bytes but the manifest describes 32 \(extra data\)/);
    truncateSync(shardPath, 32);
    rewrite(dir, { ...json, weightsManifest: [{ paths: Array(10_000).fill(shard), weights: json.weightsManifest[0].weights }] });
    expect(await refusal(dir)).toMatch(/^loadModel: .*weightsManifest\[0\]\.paths\[1\] lists the weights file '.*' a second time/);
    rewrite(dir, { ...json, weightsManifest: [json.weightsManifest[0], { paths: [shard], weights: [] }] });
    expect(await refusal(dir)).toMatch(/weightsManifest\[1\]\.paths\[0\] lists the weights file/);
  });

  it('model.json that is a link, a FIFO or larger than the limit is refused before it is read', async () => {
    const { dir } = await saved();
    const file = join(dir, 'model.json');
    const real = join(temp(), 'model.json');
    writeFileSync(real, readFileSync(file));
    rmSync(file);
    symlinkSync(real, file);
    expect(await refusal(dir)).toMatch(/^loadModel: model file .* is a symbolic link/);
    rmSync(file);
    execFileSync('mkfifo', [file]);
    expect(await refusal(dir)).toMatch(/^loadModel: model file .* is a FIFO/);
    rmSync(file);
    writeFileSync(file, '');
    truncateSync(file, LOAD_LIMITS.maxJsonBytes + 1);
    expect(await refusal(dir)).toMatch(new RegExp(`is ${LOAD_LIMITS.maxJsonBytes + 1} bytes; model.json may be at most ${LOAD_LIMITS.maxJsonBytes} bytes`));
  });

  it('model.json with too many objects or too deep a nesting is refused before it is parsed', async () => {
    const { dir, json } = await saved();
    rewrite(dir, { ...json, junk: Array.from({ length: LOAD_LIMITS.maxJsonContainers }, () => ({})) });
    const many = await refusal(dir);
    expect(many).toMatch(new RegExp(`model.json holds \\d+ JSON objects and arrays; the loader accepts at most ${LOAD_LIMITS.maxJsonContainers}`));
    expect(Number(/holds (\d+)/.exec(many)![1])).toBeGreaterThan(LOAD_LIMITS.maxJsonContainers);
    writeFileSync(join(dir, 'model.json'), JSON.stringify({ ...json, junk: 0 }).replace('"junk":0', `"junk":${'['.repeat(100)}${']'.repeat(100)}`));
    expect(await refusal(dir)).toMatch(new RegExp(`model.json nests JSON 101 levels deep; the loader accepts at most ${LOAD_LIMITS.maxJsonDepth}`));
    // braces inside strings are text, not structure
    rewrite(dir, { ...json, generatedBy: '{'.repeat(1000) });
    await expect(loadModel(dir)).resolves.toBeDefined();
  });

  it('a save over a folder whose model.json is a FIFO does not hang, and replaces it', async () => {
    const { dir } = await saved();
    rmSync(join(dir, 'model.json'));
    execFileSync('mkfifo', [join(dir, 'model.json')]);
    const model = new Sequential({ layers: [new Dense({ units: 2, inputShape: [3] })] });
    await saveModel(model, dir);
    expect(Array.from((await loadModel(dir)).weights[0].dataSync())).toEqual(Array.from(model.weights[0].dataSync()));
  });
});

describe('hostile topologies are refused before their weights exist', () => {
  const heapAfter = (): number => {
    (globalThis as { gc?: () => void }).gc?.();
    return process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  };

  it('units: 20000000 or a 12000x12000 input: refused in milliseconds without allocating', async () => {
    const { dir, json } = await saved();
    const before = heapAfter();
    const dense = json.modelTopology.config.layers[0];
    rewrite(dir, { ...json, modelTopology: { ...json.modelTopology, config: { ...json.modelTopology.config, layers: [{ ...dense, config: { ...dense.config, units: 20_000_000 } }] } } });
    expect(await refusal(dir, 200)).toMatch(/^loadModel: layer 'dense_\d+' weight 'kernel' of shape \[3,20000000\] \(60000000 values\) would bring the model to 60000000 values, but the weights manifest describes only 8/);
    const flatten = { class_name: 'Flatten', config: { name: 'f', batch_input_shape: [null, 12000, 12000, 2] } };
    rewrite(dir, { ...json, modelTopology: { ...json.modelTopology, config: { ...json.modelTopology.config, layers: [flatten, dense] } } });
    expect(await refusal(dir, 200)).toMatch(/^loadModel: layer 0 \(Flatten\): batch_input_shape is \[null,12000,12000,2\]; expected a shape of at most 67108864 values per sample \(this one has 288000000\)/);
    expect(heapAfter() - before).toBeLessThan(16 * 2 ** 20);
  });

  it('a string where a shape belongs, wrong nested types and prototype names are refused naming the field', async () => {
    const { dir, json } = await saved();
    const dense = json.modelTopology.config.layers[0];
    const withDense = (config: Record<string, unknown>) => ({ ...json, modelTopology: { ...json.modelTopology, config: { ...json.modelTopology.config, layers: [{ ...dense, config: { ...dense.config, ...config } }] } } });
    rewrite(dir, withDense({ batch_input_shape: 'abc' }));
    expect(await refusal(dir)).toMatch(/^loadModel: layer 0 \(Dense\): batch_input_shape is "abc"; expected a list of at most/);
    rewrite(dir, withDense({ units: { value: 2 } }));
    expect(await refusal(dir)).toMatch(/^loadModel: layer 0 \(Dense\): units is \{"value":2\}; expected a positive integer/);
    rewrite(dir, withDense({ activation: 'constructor' }));
    expect(await refusal(dir)).toMatch(/^loadModel: layer 0 \(Dense\): .*unknown activation 'constructor'/);
    rewrite(dir, withDense({ activation: 'toString' }));
    expect(await refusal(dir)).toMatch(/^loadModel: layer 0 \(Dense\): .*unknown activation 'toString'/);
    rewrite(dir, { ...json, weightsManifest: [{ paths: json.weightsManifest[0].paths, weights: [{ name: 'k', shape: '3,2' }] }] });
    expect(await refusal(dir)).toMatch(/^loadModel: .*weightsManifest\[0\]\.weights\[0\]\.shape of weight 'k' is "3,2"/);
    rewrite(dir, { ...json, weightsManifest: [{ paths: [null], weights: [] }] });
    expect(await refusal(dir)).toMatch(/^loadModel: .*weightsManifest\[0\]\.paths\[0\] is null, a weights path outside the model folder/);
  });
});

describe('withWeightBudget', () => {
  it('creates weights as zeros without running their initializers, and refuses past the budget naming layer and shape', () => {
    let initialized = 0;
    const counting: Initializer = { ...initializers.ones(), apply: (shape, dtype) => (initialized++, initializers.ones().apply(shape, dtype)) };
    const model = withWeightBudget({ maxElements: 8, op: 'loadModel', reason: 'the test allows 8' }, () => new Sequential({ layers: [new Dense({ units: 2, inputShape: [3], kernelInitializer: counting, biasInitializer: counting })] }));
    expect(initialized).toBe(0);
    expect(model.weights.flatMap((w) => Array.from(w.dataSync()))).toEqual(Array(8).fill(0));
    expect(() => withWeightBudget({ maxElements: 7, op: 'loadModel', reason: 'the test allows 7' }, () => new Sequential({ layers: [new Dense({ name: 'wide', units: 2, inputShape: [3] })] }))).toThrow(
      "loadModel: layer 'wide' weight 'bias' of shape [2] (2 values) would bring the model to 8 values, but the test allows 7",
    );
    // outside a budget the initializer runs as usual
    new Sequential({ layers: [new Dense({ units: 2, inputShape: [3], kernelInitializer: counting })] });
    expect(initialized).toBe(1);
  });
});

describe('activation sizes', () => {
  it('a small-weight layer that would output a GiB per sample is refused before any prediction', async () => {
    const dir = temp();
    // 1x1 conv: 128 weight values, but 4096 x 4096 x 64 outputs per sample
    await saveModel(new Sequential({ layers: [new Conv2D({ name: 'wide', filters: 64, kernelSize: 1, inputShape: [4096, 4096, 1] })] }), dir);
    expect(await refusal(dir)).toMatch(/^loadModel: layer Conv2D 'wide' would output shape \[null, 4096, 4096, 64\] \(1073741824 values per sample\); the loader accepts at most 67108864/);
  });
});
