import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import * as nodeFs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { setSeed, tensor, randomNormal } from '@rectify/core';
import { BatchNormalization, Conv2D, Dense, Dropout, ELU, Flatten, LeakyReLU, MaxPooling2D, PReLU, ReLU, Reshape, Sigmoid, Softmax, Swish, AveragePooling2D, initializers } from '@rectify/layers';
import { Sequential, loadModel, modelFromArtifacts, modelToArtifacts, saveModel } from '../../src/index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const temp = () => mkdtempSync(join(tmpdir(), 'rectify-io-'));

function close(a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-5): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(tol);
}

async function tfArtifacts(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | null = null;
  await model.save(tf.io.withSaveHandler(async (a) => {
    saved = a;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  return saved!;
}

/** Writes TF.js artifacts the way TF.js's file handler does, optionally over several shards. */
function writeTfFiles(a: tf.io.ModelArtifacts, shards = 1, wrap = false): string {
  const dir = temp();
  const bytes = new Uint8Array(a.weightData as ArrayBuffer);
  const cut = Math.ceil(bytes.length / shards / 4) * 4;
  const paths = Array.from({ length: shards }, (_, i) => `group1-shard${i + 1}of${shards}.bin`);
  paths.forEach((p, i) => writeFileSync(join(dir, p), bytes.subarray(i * cut, (i + 1) * cut)));
  const topology = wrap ? { model_config: a.modelTopology } : a.modelTopology;
  writeFileSync(join(dir, 'model.json'), JSON.stringify({ format: 'layers-model', modelTopology: topology, weightsManifest: [{ paths, weights: a.weightSpecs }] }));
  return dir;
}

describe('TF.js models load in Rectify and predict the same', () => {
  it('an MLP saved by TF.js', async () => {
    const m = tf.sequential({ layers: [tf.layers.dense({ units: 8, activation: 'relu', inputShape: [5] }), tf.layers.dropout({ rate: 0.2 }), tf.layers.dense({ units: 3, activation: 'softmax' })] });
    const dir = writeTfFiles(await tfArtifacts(m));
    const ours = await loadModel(dir);
    const x = randomNormal([4, 5], { seed: 1 });
    close(ours.predict(x).dataSync(), (m.predict(tf.tensor(Array.from(x.dataSync()), [4, 5])) as tf.Tensor).dataSync());
  });

  it('a conv net with BatchNormalization and PReLU, converter-style: model_config wrapper, InputLayer, two shards, axis as a list', async () => {
    const m = tf.sequential({
      layers: [
        tf.layers.inputLayer({ inputShape: [6, 6, 2] }),
        tf.layers.conv2d({ filters: 3, kernelSize: 3, padding: 'same' }),
        tf.layers.batchNormalization({ axis: -1 }),
        tf.layers.prelu({ sharedAxes: [1, 2] }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 4, activation: 'softmax' }),
      ],
    });
    // non-trivial moving statistics and alpha
    m.setWeights(m.getWeights().map((w, i) => tf.add(w, tf.mul(tf.randomUniform(w.shape, 0, 0.5, 'float32', i), i === 4 ? 0 : 1))));
    const a = await tfArtifacts(m);
    const topology = JSON.parse(JSON.stringify(a.modelTopology)) as { config: { layers: Array<{ class_name: string; config: Record<string, unknown> }> } };
    const bn = topology.config.layers.find((l) => l.class_name === 'BatchNormalization')!;
    bn.config.axis = [3];
    const dir = writeTfFiles({ ...a, modelTopology: topology }, 2, true);
    expect(readdirSync(dir).filter((f) => f.endsWith('.bin'))).toHaveLength(2);
    const ours = await loadModel(join(dir, 'model.json'));
    const x = randomNormal([2, 6, 6, 2], { seed: 2 });
    close(ours.predict(x).dataSync(), (m.predict(tf.tensor(Array.from(x.dataSync()), [2, 6, 6, 2])) as tf.Tensor).dataSync());
  });
});

describe('Rectify models load in TF.js and back', () => {
  it('every layer type round-trips exactly through files, and TF.js predicts the same', async () => {
    setSeed(5);
    const model = new Sequential({
      layers: [
        new Reshape({ targetShape: [4, 4, 1], inputShape: [16] }),
        new Conv2D({ filters: 2, kernelSize: 3, padding: 'same', activation: 'relu' }),
        new BatchNormalization({ momentum: 0.9 }),
        new PReLU({ sharedAxes: [1, 2], alphaInitializer: initializers.constant({ value: 0.2 }) }),
        new AveragePooling2D({ poolSize: 2 }),
        new MaxPooling2D({ poolSize: 1 }),
        new Flatten(),
        new Dense({ units: 6, activation: 'selu' }),
        new ReLU({ maxValue: 3, negativeSlope: 0.1 }),
        new LeakyReLU({ alpha: 0.2 }),
        new ELU({ alpha: 1 }), // TF.js's ELU layer refuses any other alpha
        new Sigmoid(),
        new Dropout({ rate: 0.3 }),
        new Dense({ units: 3 }),
        new Softmax({ axis: -1 }),
      ],
    });
    model.weights.forEach((w, i) => w.assign(w.add(0.05 * (i + 1))));
    const dir = temp();
    await model.save(dir);
    const x = randomNormal([3, 16], { seed: 3 });
    const back = await loadModel(dir);
    expect(back.layers.map((l) => l.className)).toEqual(model.layers.map((l) => (l.className === 'Sigmoid' ? 'Activation' : l.className)));
    expect(Array.from(back.predict(x).dataSync())).toEqual(Array.from(model.predict(x).dataSync()));
    const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest[0].weights[0].name).toBe(`${model.layers[1].name}/kernel`);
    const theirs = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: new Uint8Array(readFileSync(join(dir, json.weightsManifest[0].paths[0]))).buffer }));
    close((theirs.predict(tf.tensor(Array.from(x.dataSync()), [3, 16])) as tf.Tensor).dataSync(), model.predict(x).dataSync());
  });

  it('TF.js finds the weights file through the manifest, as its http loader does', async () => {
    setSeed(8);
    const model = new Sequential({ layers: [new Dense({ units: 4, activation: 'relu', inputShape: [3] }), new Dense({ units: 2 })] });
    const dir = temp();
    await model.save(dir);
    await model.save(dir); // a second save switches to a new weights file name
    const requested: string[] = [];
    const fetchFunc = async (url: unknown) => {
      const name = String(url).split('/').pop()!;
      requested.push(name);
      return new Response(readFileSync(join(dir, name)));
    };
    const theirs = await tf.loadLayersModel(tf.io.http('http://models.test/m/model.json', { fetchFunc }));
    expect(requested[1]).toMatch(/^weights\.[0-9a-f]{12}\.bin$/);
    const x = randomNormal([2, 3], { seed: 9 });
    close((theirs.predict(tf.tensor(Array.from(x.dataSync()), [2, 3])) as tf.Tensor).dataSync(), model.predict(x).dataSync());
  });

  it('saving over a folder TF.js wrote replaces its shards', async () => {
    const m = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3] })] });
    const dir = writeTfFiles(await tfArtifacts(m), 2);
    const ours = new Sequential({ layers: [new Dense({ units: 2, inputShape: [3] })] });
    const { weights } = await saveModel(ours, dir);
    expect(readdirSync(dir).sort()).toEqual(['model.json', weights.split('/').pop()!].sort());
    expect(Array.from((await loadModel(dir)).weights[0].dataSync())).toEqual(Array.from(ours.weights[0].dataSync()));
  });

  it('in-memory artifacts round-trip, TF.js artifacts load directly, and weight data may come in shards', async () => {
    setSeed(12);
    const model = new Sequential({ layers: [new Dense({ units: 4, activation: 'tanh', inputShape: [3] }), new Dense({ units: 2 })] });
    const artifacts = modelToArtifacts(model);
    const x = randomNormal([2, 3], { seed: 13 });
    expect(Array.from((await loadModel(artifacts)).predict(x).dataSync())).toEqual(Array.from(model.predict(x).dataSync()));
    const bytes = artifacts.weightData;
    const shards = [bytes.slice(0, 20), bytes.slice(20)];
    expect(Array.from(modelFromArtifacts({ ...artifacts, weightData: shards }).predict(x).dataSync())).toEqual(Array.from(model.predict(x).dataSync()));
    await expect(loadModel({ ...artifacts, weightData: shards.slice(1) } as never)).rejects.toThrow(/^loadModel: the weights hold \d+ bytes but the manifest describes \d+ \(truncated\)/);
    await expect(loadModel({ ...artifacts, weightData: 'abc' } as never)).rejects.toThrow(/^loadModel: the artifacts' weightData is string; expected an ArrayBuffer or a list of them/);
    await expect(loadModel({ ...artifacts, weightSpecs: 'abc' } as never)).rejects.toThrow(/^loadModel: the artifacts: weightSpecs is "abc"; expected an array of weight specs/);
    await expect(loadModel(null as never)).rejects.toThrow(/^loadModel: expected a folder path or model artifacts, got null/);
    const cyclic = JSON.parse(JSON.stringify(artifacts.modelTopology));
    cyclic.config.layers[0].config.self = cyclic;
    await expect(loadModel({ ...artifacts, modelTopology: cyclic })).rejects.toThrow(/^loadModel: the artifacts' modelTopology is not acceptable model data: nested more than 64 levels deep .*\(or holding a cycle\)/);
    const polluting = JSON.parse(JSON.stringify(artifacts.modelTopology));
    Object.defineProperty(polluting.config, '__proto__', { value: { polluted: true }, enumerable: true });
    await expect(loadModel({ ...artifacts, modelTopology: polluting })).rejects.toThrow(/^loadModel: the artifacts' modelTopology is not acceptable model data: forbidden key '__proto__' at config/);
    const m = tf.sequential({ layers: [tf.layers.dense({ units: 3, activation: 'relu', inputShape: [3] })] });
    const theirs = await loadModel((await tfArtifacts(m)) as never);
    close(theirs.predict(x).dataSync(), (m.predict(tf.tensor(Array.from(x.dataSync()), [2, 3])) as tf.Tensor).dataSync());
  });

  it('Swish keeps its learned beta through save and load', async () => {
    const model = new Sequential({ layers: [new Dense({ units: 3, inputShape: [2] }), new Swish({ beta: 1.7 })] });
    const dir = temp();
    await saveModel(model, dir);
    const back = await loadModel(dir);
    expect((back.layers[1] as Swish).beta.item()).toBeCloseTo(1.7, 6);
    expect(Array.from(back.predict(tensor([[1, -2]])).dataSync())).toEqual(Array.from(model.predict(tensor([[1, -2]])).dataSync()));
  });
});

describe('safety', () => {
  const saved = async () => {
    const model = new Sequential({ layers: [new Dense({ units: 2, inputShape: [3] })] });
    const dir = temp();
    await model.save(dir);
    return { dir, json: JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')), model };
  };
  const rewrite = (dir: string, json: unknown) => writeFileSync(join(dir, 'model.json'), typeof json === 'string' ? json : JSON.stringify(json));

  it('a failed save leaves the previous model intact and says so', async () => {
    const { dir, model, json } = await saved();
    const shard: string = json.weightsManifest[0].paths[0];
    expect(shard).toMatch(/^weights\.[0-9a-f]{12}\.bin$/);
    const before = readFileSync(join(dir, shard));
    let writes = 0;
    // the third write is model.json's (after the lock file and the weights)
    const writeSync = ((...args: Parameters<typeof nodeFs.writeSync>) => {
      if (++writes === 3) throw new Error('disk full');
      return (nodeFs.writeSync as (...a: unknown[]) => number)(...args);
    }) as typeof nodeFs.writeSync;
    model.weights[0].assign(model.weights[0].add(1));
    await expect(saveModel(model, dir, { fs: { ...nodeFs, writeSync } })).rejects.toThrow(/saveModel: could not save to .*disk full; the previous model is unchanged/);
    expect(readFileSync(join(dir, shard))).toEqual(before);
    expect(readdirSync(dir).sort()).toEqual(['model.json', shard]);
    const back = await loadModel(dir);
    expect(Array.from(back.weights[0].dataSync())).not.toEqual(Array.from(model.weights[0].dataSync()));
  });

  it('a failure after the switch to the new model says the new model is saved', async () => {
    const { dir, model, json } = await saved();
    const old: string = json.weightsManifest[0].paths[0];
    const rmSync = ((path: nodeFs.PathLike, options?: nodeFs.RmOptions) => {
      if (String(path).endsWith(old)) throw new Error('permission denied');
      nodeFs.rmSync(path, options);
    }) as typeof nodeFs.rmSync;
    model.weights[0].assign(model.weights[0].add(1));
    await expect(saveModel(model, dir, { fs: { ...nodeFs, rmSync } })).rejects.toThrow(/^saveModel: the new model is in .*model\.json and weights\.[0-9a-f]{12}\.bin, but removing the previous weights failed: permission denied; the next save removes any leftover files$/);
    expect(Array.from((await loadModel(dir)).weights[0].dataSync())).toEqual(Array.from(model.weights[0].dataSync()));
    // the next save removes what this one could not
    await saveModel(model, dir);
    expect(readdirSync(dir)).not.toContain(old);
    expect(readdirSync(dir)).toHaveLength(2);
  });

  it('a failed flush of the folder before the switch keeps the old model; after it, says a power loss could undo it', async () => {
    const { dir, model } = await saved();
    const failingFolderSync = (which: number) => {
      let dirFd = -1;
      let dirSyncs = 0;
      const openSync = ((path: nodeFs.PathLike, ...rest: unknown[]) => {
        const fd = (nodeFs.openSync as (...a: unknown[]) => number)(path, ...rest);
        if (String(path) === dir) dirFd = fd;
        return fd;
      }) as typeof nodeFs.openSync;
      const fsyncSync = ((fd: number) => {
        if (fd === dirFd && ++dirSyncs === which) throw new Error('EIO');
        nodeFs.fsyncSync(fd);
      }) as typeof nodeFs.fsyncSync;
      return { ...nodeFs, openSync, fsyncSync };
    };
    const before = readdirSync(dir).sort();
    model.weights[0].assign(model.weights[0].add(1));
    await expect(saveModel(model, dir, { fs: failingFolderSync(1) })).rejects.toThrow(/^saveModel: could not save to .*: EIO; the previous model is unchanged$/);
    expect(readdirSync(dir).sort()).toEqual(before);
    expect(Array.from((await loadModel(dir)).weights[0].dataSync())).not.toEqual(Array.from(model.weights[0].dataSync()));
    await expect(saveModel(model, dir, { fs: failingFolderSync(2) })).rejects.toThrow(/^saveModel: the new model is in .*, but flushing the folder failed: EIO; a power loss could still bring back the previous model; the next save removes any leftover files$/);
    expect(Array.from((await loadModel(dir)).weights[0].dataSync())).toEqual(Array.from(model.weights[0].dataSync()));
    await saveModel(model, dir);
    expect(readdirSync(dir)).toHaveLength(2);
  });

  it('refuses truncated JSON, unknown classes, bad weights, escaping paths and prototype keys', async () => {
    const { dir, json } = await saved();
    rewrite(dir, '{"format": "layers-model", "modelTop');
    await expect(loadModel(dir)).rejects.toThrow(/is not valid model JSON/);
    rewrite(dir, { ...json, modelTopology: { ...json.modelTopology, config: { layers: [{ class_name: 'Lambda', config: {} }] } } });
    await expect(loadModel(dir)).rejects.toThrow(/unknown layer class 'Lambda'; known classes are/);
    rewrite(dir, { ...json, weightsManifest: [{ paths: ['../weights.bin'], weights: json.weightsManifest[0].weights }] });
    await expect(loadModel(dir)).rejects.toThrow(/outside the model folder/);
    rewrite(dir, { ...json, weightsManifest: [{ paths: ['/etc/passwd'], weights: json.weightsManifest[0].weights }] });
    await expect(loadModel(dir)).rejects.toThrow(/outside the model folder/);
    rewrite(dir, JSON.stringify(json).replace('"format"', '"__proto__": {"polluted": 1}, "format"'));
    await expect(loadModel(dir)).rejects.toThrow(/forbidden key '__proto__'/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const specs = json.weightsManifest[0].weights;
    const paths = json.weightsManifest[0].paths;
    rewrite(dir, { ...json, weightsManifest: [{ paths, weights: [specs[0]] }] });
    await expect(loadModel(dir)).rejects.toThrow(/hold 32 bytes but the manifest describes 24|missing from the weights manifest/);
    rewrite(dir, { ...json, weightsManifest: [{ paths, weights: [{ ...specs[0], shape: [2, 3] }, specs[1]] }] });
    await expect(loadModel(dir)).rejects.toThrow(/has shape \[2,3\] in the file but the model expects \[3,2\]/);
    rewrite(dir, { ...json, weightsManifest: [{ paths, weights: [{ ...specs[0], shape: [65536, 65536] }, specs[1]] }] });
    await expect(loadModel(dir)).rejects.toThrow(/absurdly large/);
    rewrite(dir, json);
    writeFileSync(join(dir, json.weightsManifest[0].paths[0]), new Uint8Array(10));
    await expect(loadModel(dir)).rejects.toThrow(/hold 10 bytes but the manifest describes 32 \(truncated\)/);
    await expect(loadModel(join(dir, 'nope'))).rejects.toThrow(/cannot read/);
    expect(existsSync(dir)).toBe(true);
  });
});
