import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Tensor, setSeed, tensor } from '@rectify/core';
import { Bidirectional, Dense, Embedding, GRU, LSTM, Layer, SimpleRNN, TimeDistributed } from '../src/index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const data = (shape: number[], k = 0) => {
  const n = shape.reduce((a, d) => a * d, 1);
  return Array.from({ length: n }, (_, i) => 0.9 * Math.sin(0.7 * i + k) + 0.05);
};

function close(a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-4): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(tol * (1 + Math.abs(b[i])));
}

// batch 3, 5 steps; sample 1 padded at the end, sample 2 at the start (id 0 / mask 0)
const MASK = [1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1];

interface Case {
  mask?: boolean;
  /** Zero the loss weight at masked steps (where Keras 3 and TF.js differ by design). */
  ignoreMasked?: boolean;
}

/**
 * Same input, weights and mask in both; compares every output and the gradients of sum(y_i * proj_i)
 * with respect to the input and every trainable weight.
 */
function parity(ours: Layer, theirs: tf.layers.Layer, shape: number[], { mask = false, ignoreMasked = false }: Case = {}): void {
  setSeed(2);
  const xData = data(shape);
  const x = tensor(xData, shape, { requiresGrad: true });
  const maskData = MASK.slice(0, shape[0] * shape[1]);
  const ourMask = mask ? tensor(maskData, [shape[0], shape[1]]) : null;
  const tMask = mask ? tf.tensor2d(maskData, [shape[0], shape[1]], 'bool') : undefined;
  const out = ours.apply(x, { mask: ourMask });
  const ys = Array.isArray(out) ? out : [out];
  const tx = tf.tensor(xData, shape);
  theirs.apply(tx, mask ? { mask: tMask } : {});
  theirs.setWeights(ours.getWeights().map((w) => tf.tensor(Array.from(w.dataSync()), [...w.shape])));
  const run = (input: tf.Tensor) => {
    const r = theirs.apply(input, mask ? { mask: tMask } : {}) as tf.Tensor | tf.Tensor[];
    return Array.isArray(r) ? r : [r];
  };
  const projs = ys.map((y, i) => {
    const p = data([...y.shape], 5 + i);
    if (ignoreMasked && y.rank === 3) {
      const per = y.shape[2];
      for (let j = 0; j < p.length; j++) if (maskData[Math.floor(j / per)] === 0) p[j] = 0;
    }
    return p;
  });
  const tys = run(tx);
  expect(tys.length).toBe(ys.length);
  ys.forEach((y, i) => {
    const yd = Array.from(y.dataSync());
    const td = Array.from(tys[i].dataSync());
    if (ignoreMasked && y.rank === 3) {
      const per = y.shape[2];
      close(yd.map((v, j) => (maskData[Math.floor(j / per)] ? v : 0)), td.map((v, j) => (maskData[Math.floor(j / per)] ? v : 0)));
    } else close(yd, td);
  });
  let loss: Tensor | null = null;
  ys.forEach((y, i) => {
    const term = y.mul(tensor(projs[i], [...y.shape])).sum();
    loss = loss ? loss.add(term) : term;
  });
  loss!.backward();
  const trainable = theirs.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
  const xv = tf.variable(tx);
  const { grads } = tf.variableGrads(() => run(xv).map((t, i) => tf.sum(tf.mul(t, tf.tensor(projs[i], t.shape)))).reduce((a, b) => tf.add(a, b)) as tf.Scalar, [xv, ...trainable]);
  close(x.grad!.dataSync(), grads[xv.name].dataSync());
  expect(ours.trainableWeights.length).toBe(trainable.length);
  ours.trainableWeights.forEach((w, i) => close(w.grad!.dataSync(), grads[trainable[i].name].dataSync()));
}

const SHAPE = [3, 5, 4];

describe('recurrent layers match TF.js 4.22 (forward and gradients)', () => {
  it('SimpleRNN', () => parity(new SimpleRNN({ units: 3 }), tf.layers.simpleRNN({ units: 3 }), SHAPE));
  it('SimpleRNN relu, sequences, masked', () => parity(new SimpleRNN({ units: 3, activation: 'relu', returnSequences: true }), tf.layers.simpleRNN({ units: 3, activation: 'relu', returnSequences: true }), SHAPE, { mask: true }));
  it('LSTM', () => parity(new LSTM({ units: 3 }), tf.layers.lstm({ units: 3, recurrentActivation: 'sigmoid' }), SHAPE));
  it('LSTM sequences and states, masked', () => parity(new LSTM({ units: 3, returnSequences: true, returnState: true }), tf.layers.lstm({ units: 3, recurrentActivation: 'sigmoid', returnSequences: true, returnState: true }), SHAPE, { mask: true }));
  it('LSTM goBackwards, masked, last output', () => parity(new LSTM({ units: 2, goBackwards: true }), tf.layers.lstm({ units: 2, recurrentActivation: 'sigmoid', goBackwards: true }), SHAPE, { mask: true }));
  it('LSTM goBackwards sequences', () => parity(new LSTM({ units: 2, goBackwards: true, returnSequences: true }), tf.layers.lstm({ units: 2, recurrentActivation: 'sigmoid', goBackwards: true, returnSequences: true }), SHAPE));
  it('LSTM without bias, unitForgetBias off', () => parity(new LSTM({ units: 2, useBias: false, unitForgetBias: false }), tf.layers.lstm({ units: 2, useBias: false, recurrentActivation: 'sigmoid' }), SHAPE));
  it('GRU resetAfter false', () => parity(new GRU({ units: 3, resetAfter: false }), tf.layers.gru({ units: 3, recurrentActivation: 'sigmoid', resetAfter: false }), SHAPE));
  it('GRU resetAfter false, sequences and state, masked', () => parity(new GRU({ units: 3, resetAfter: false, returnSequences: true, returnState: true }), tf.layers.gru({ units: 3, recurrentActivation: 'sigmoid', resetAfter: false, returnSequences: true, returnState: true }), SHAPE, { mask: true }));
  it('Bidirectional LSTM concat', () => parity(new Bidirectional({ layer: new LSTM({ units: 2 }) }), tf.layers.bidirectional({ layer: tf.layers.lstm({ units: 2, recurrentActivation: 'sigmoid' }) as tf.RNN }), SHAPE));
  it('Bidirectional LSTM concat, masked', () => parity(new Bidirectional({ layer: new LSTM({ units: 2 }) }), tf.layers.bidirectional({ layer: tf.layers.lstm({ units: 2, recurrentActivation: 'sigmoid' }) as tf.RNN }), SHAPE, { mask: true }));
  it('Bidirectional GRU sum, sequences, masked (real steps)', () => parity(new Bidirectional({ layer: new GRU({ units: 2, resetAfter: false, returnSequences: true }), mergeMode: 'sum' }), tf.layers.bidirectional({ layer: tf.layers.gru({ units: 2, resetAfter: false, recurrentActivation: 'sigmoid', returnSequences: true }) as tf.RNN, mergeMode: 'sum' }), SHAPE, { mask: true, ignoreMasked: true }));
  it('Bidirectional SimpleRNN ave and mul', () => {
    parity(new Bidirectional({ layer: new SimpleRNN({ units: 2, returnSequences: true }), mergeMode: 'ave' }), tf.layers.bidirectional({ layer: tf.layers.simpleRNN({ units: 2, returnSequences: true }) as tf.RNN, mergeMode: 'ave' }), SHAPE);
    parity(new Bidirectional({ layer: new SimpleRNN({ units: 2 }), mergeMode: 'mul' }), tf.layers.bidirectional({ layer: tf.layers.simpleRNN({ units: 2 }) as tf.RNN, mergeMode: 'mul' }), SHAPE);
  });
  it('Bidirectional LSTM with states', () => parity(new Bidirectional({ layer: new LSTM({ units: 2, returnState: true }) }), tf.layers.bidirectional({ layer: tf.layers.lstm({ units: 2, recurrentActivation: 'sigmoid', returnState: true }) as tf.RNN }), SHAPE));
  it('TimeDistributed Dense', () => parity(new TimeDistributed({ layer: new Dense({ units: 3, activation: 'tanh', biasInitializer: 'ones' }) }), tf.layers.timeDistributed({ layer: tf.layers.dense({ units: 3, activation: 'tanh' }) }), SHAPE));
});

describe('Embedding matches TF.js 4.22', () => {
  it('looks up rows and scatter-adds the gradient (repeated ids too)', () => {
    const ids = [1, 2, 0, 4, 2, 2, 0, 0, 3, 1];
    const ours = new Embedding({ inputDim: 5, outputDim: 3 });
    const y = ours.apply(tensor(ids, [2, 5]));
    const theirs = tf.layers.embedding({ inputDim: 5, outputDim: 3 });
    theirs.apply(tf.tensor2d(ids, [2, 5]));
    theirs.setWeights([tf.tensor(Array.from(ours.embeddings.dataSync()), [5, 3])]);
    const ty = theirs.apply(tf.tensor2d(ids, [2, 5])) as tf.Tensor;
    close(y.dataSync(), ty.dataSync());
    const proj = data([2, 5, 3], 1);
    y.mul(tensor(proj, [2, 5, 3])).sum().backward();
    const table = (theirs.trainableWeights[0] as unknown as { val: tf.Variable }).val;
    const { grads } = tf.variableGrads(() => tf.sum(tf.mul(theirs.apply(tf.tensor2d(ids, [2, 5])) as tf.Tensor, tf.tensor(proj, [2, 5, 3]))) as tf.Scalar, [table]);
    close(ours.embeddings.grad!.dataSync(), grads[table.name].dataSync());
  });

  it('maskZero gives the same mask as TF.js', () => {
    const ids = [1, 2, 0, 0, 3, 0];
    const ours = new Embedding({ inputDim: 5, outputDim: 2, maskZero: true });
    const theirs = tf.layers.embedding({ inputDim: 5, outputDim: 2, maskZero: true });
    const mask = ours.computeMask(tensor(ids, [2, 3]), null) as Tensor;
    const tMask = theirs.computeMask(tf.tensor2d(ids, [2, 3])) as tf.Tensor;
    expect(Array.from(mask.dataSync())).toEqual(Array.from(tMask.dataSync()));
  });
});

/** Keras 3's GRU with reset_after=True in float64, written from its formula. */
function kerasGruResetAfter(x: number[][][], kernel: number[][], recurrent: number[][], bias: number[][], units: number, mask?: number[][]): number[][][] {
  const sig = (v: number) => 1 / (1 + Math.exp(-v));
  return x.map((seq, b) => {
    let h = new Array<number>(units).fill(0);
    let out = new Array<number>(units).fill(0);
    return seq.map((xt, t) => {
      const xp = Array.from({ length: 3 * units }, (_, j) => bias[0][j] + xt.reduce((s, v, i) => s + v * kernel[i][j], 0));
      const rp = Array.from({ length: 3 * units }, (_, j) => bias[1][j] + h.reduce((s, v, i) => s + v * recurrent[i][j], 0));
      const next = Array.from({ length: units }, (_, u) => {
        const z = sig(xp[u] + rp[u]);
        const r = sig(xp[units + u] + rp[units + u]);
        const hh = Math.tanh(xp[2 * units + u] + r * rp[2 * units + u]);
        return z * h[u] + (1 - z) * hh;
      });
      if (!mask || mask[b][t]) {
        h = next;
        out = next;
      }
      return out.slice();
    });
  });
}

describe('GRU with resetAfter (Keras 3 default; TF.js refuses it) against an independent float64 reference', () => {
  it('forward, with and without a mask', () => {
    setSeed(4);
    const shape = [3, 5, 4];
    const units = 3;
    const xData = data(shape);
    const gru = new GRU({ units, returnSequences: true, biasInitializer: 'glorotUniform', dtype: 'float64' });
    const x = tensor(xData, shape, { dtype: 'float64' });
    const mask = tensor(MASK, [3, 5]);
    const y = gru.apply(x, { mask });
    expect(gru.bias!.shape).toEqual([2, 9]);
    const [k, r, b] = gru.getWeights().map((w) => w.toArray() as number[][]);
    const expected = kerasGruResetAfter(x.toArray() as number[][][], k, r, b, units, mask.toArray() as number[][]);
    close(y.dataSync(), expected.flat(2), 1e-12);
    // no padding: the same reference; the gradient is checked against central differences in the harness
    const plain = gru.apply(x);
    close(plain.dataSync(), kerasGruResetAfter(x.toArray() as number[][][], k, r, b, units).flat(2), 1e-12);
  });

  it('without a bias: the recurrent row is gone too', () => {
    const gru = new GRU({ units: 2, useBias: false, dtype: 'float64' });
    const x = tensor(data([2, 3, 4]), [2, 3, 4], { dtype: 'float64' });
    const y = gru.apply(x);
    const [k, r] = gru.getWeights().map((w) => w.toArray() as number[][]);
    const zero = [new Array(6).fill(0), new Array(6).fill(0)];
    close(y.dataSync(), kerasGruResetAfter(x.toArray() as number[][][], k, r, zero, 2).map((s) => s[s.length - 1]).flat(), 1e-12);
  });
});
