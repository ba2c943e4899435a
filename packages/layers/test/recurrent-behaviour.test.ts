import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Tensor, grad, noGrad, setSeed, tensor, zeros } from '@rectify/core';
import { Bidirectional, Dense, Dropout, Embedding, Flatten, GRU, LSTM, Masking, SimpleRNN, TimeDistributed, initializers, input, type SymbolicTensor } from '../src/index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const seq = (shape: number[], k = 0) => tensor(Array.from({ length: shape.reduce((a, d) => a * d, 1) }, (_, i) => Math.sin(0.61 * i + k)), shape);
const values = (t: Tensor) => Array.from(t.dataSync());

function near(a: number[], b: number[], tol = 1e-6): void {
  expect(a.length).toBe(b.length);
  a.forEach((v, i) => expect(Math.abs(v - b[i])).toBeLessThan(tol));
}

describe('masks', () => {
  it('padding at either end changes neither the last output nor the states (LSTM, GRU, SimpleRNN)', () => {
    for (const make of [() => new LSTM({ units: 3, returnState: true }), () => new GRU({ units: 3, returnState: true }), () => new SimpleRNN({ units: 3, returnState: true })]) {
      setSeed(1);
      const layer = make();
      const real = seq([1, 3, 2]);
      const plain = layer.apply(real) as Tensor[];
      const d = values(real);
      // the same three steps with two padded steps before and one after
      const padded = tensor([0, 0, 0, 0, ...d, 0, 0], [1, 6, 2]);
      const out = layer.apply(padded, { mask: tensor([0, 0, 1, 1, 1, 0], [1, 6]) }) as Tensor[];
      plain.forEach((t, i) => near(values(out[i]), values(t)));
    }
  });

  it('masked steps repeat the previous output in the sequence, zeros before the first real step', () => {
    setSeed(2);
    const lstm = new LSTM({ units: 2, returnSequences: true });
    const y = values(lstm.apply(seq([1, 4, 3]), { mask: tensor([0, 1, 0, 1], [1, 4]) }) as Tensor);
    expect(y.slice(0, 2)).toEqual([0, 0]);
    expect(y.slice(4, 6)).toEqual(y.slice(2, 4));
    expect(y.slice(6, 8)).not.toEqual(y.slice(2, 4));
  });

  it('an Embedding mask reaches the LSTM in a graph model, and Masking in a Sequential-style stack', () => {
    setSeed(3);
    const ids = input({ shape: [4] });
    const emb = new Embedding({ inputDim: 6, outputDim: 3, maskZero: true });
    const lstm = new LSTM({ units: 2 });
    const out = lstm.apply(emb.apply(ids));
    expect(out.shape).toEqual([null, 2]);
    const x = tensor([3, 1, 0, 0, 3, 1, 2, 5], [2, 4]);
    const e = emb.apply(x);
    const masked = values(lstm.apply(e, { mask: emb.computeMask(x, null) as Tensor }));
    near(masked.slice(0, 2), values(lstm.apply(emb.apply(tensor([3, 1], [1, 2])))));
    const m = new Masking();
    const z = tensor([1, 2, 0, 0, 3, 4], [1, 3, 2]);
    expect(values(m.computeMask(z, null) as Tensor)).toEqual([1, 0, 1]);
  });

  it('Bidirectional with returnSequences outputs zeros at padded steps (Keras 3)', () => {
    setSeed(4);
    const bi = new Bidirectional({ layer: new GRU({ units: 2, returnSequences: true }) });
    const y = values(bi.apply(seq([1, 3, 2]), { mask: tensor([1, 1, 0], [1, 3]) }) as Tensor);
    expect(y.slice(8, 12)).toEqual([0, 0, 0, 0]);
    expect(y.slice(0, 8).every((v) => v !== 0)).toBe(true);
  });

  it('Dense and Dropout pass a mask on; a layer that cannot honour one says so', () => {
    const emb = new Embedding({ inputDim: 5, outputDim: 2, maskZero: true });
    const x = tensor([1, 0], [1, 2]);
    const mask = emb.computeMask(x, null) as Tensor;
    expect(values(new Dense({ units: 1 }).computeMask(emb.apply(x), mask) as Tensor)).toEqual([1, 0]);
    expect(values(new Dropout({ rate: 0.5 }).computeMask(emb.apply(x), mask) as Tensor)).toEqual([1, 0]);
    expect(() => new Flatten().computeMask(emb.apply(x), mask)).toThrow(/Flatten '.*' does not support masking/);
  });

  it('checks the mask shape', () => {
    const lstm = new LSTM({ units: 2, name: 'probe' });
    expect(() => lstm.apply(seq([2, 3, 2]), { mask: tensor([1, 1, 1], [1, 3]) })).toThrow(/LSTM 'probe': the mask must have shape \[2, 3\] \(batch, time\) for input \[2,3,2\], got \[1,3\]/);
  });
});

describe('options', () => {
  it('initial states: apply([x, h, c]) matches TF.js initialState', () => {
    setSeed(5);
    const ours = new LSTM({ units: 2, returnSequences: true });
    const x = seq([2, 3, 2]);
    const h = seq([2, 2], 1);
    const c = seq([2, 2], 2);
    const y = ours.apply([x, h, c]) as Tensor;
    const theirs = tf.layers.lstm({ units: 2, returnSequences: true, recurrentActivation: 'sigmoid' });
    const tx = tf.tensor(values(x), [2, 3, 2]);
    const init = [tf.tensor(values(h), [2, 2]), tf.tensor(values(c), [2, 2])];
    theirs.apply(tx, { initialState: init });
    theirs.setWeights(ours.getWeights().map((w) => tf.tensor(values(w), [...w.shape])));
    near(values(y), Array.from((theirs.apply(tx, { initialState: init }) as tf.Tensor).dataSync()), 1e-5);
    expect(() => ours.apply([x, h])).toThrow(/LSTM '.*': expected \[sequence, h, c\] \(the sequence and 2 initial states\), got 2 tensors/);
    expect(() => ours.apply([x, h, zeros([2, 3])])).toThrow(/initial state 1 must have shape \[2, 2\] \(batch, units\), got \[2,3\]/);
  });

  it('stateful: each call continues from the last, as TF.js; resetStates starts over', () => {
    setSeed(12);
    const ours = new LSTM({ units: 2, stateful: true, returnSequences: true, batchInputShape: [2, 3, 2] });
    const theirs = tf.layers.lstm({ units: 2, stateful: true, returnSequences: true, recurrentActivation: 'sigmoid', batchInputShape: [2, 3, 2] });
    const chunks = [seq([2, 3, 2], 0), seq([2, 3, 2], 1), seq([2, 3, 2], 2)];
    const first = values(ours.apply(chunks[0]) as Tensor);
    theirs.apply(tf.tensor(values(chunks[0]), [2, 3, 2]));
    theirs.setWeights(ours.getWeights().map((w) => tf.tensor(values(w), [...w.shape])));
    theirs.resetStates();
    const tfOut = chunks.map((c) => Array.from((theirs.apply(tf.tensor(values(c), [2, 3, 2])) as tf.Tensor).dataSync()));
    near(first, tfOut[0], 1e-5);
    near(values(ours.apply(chunks[1]) as Tensor), tfOut[1], 1e-5);
    near(values(ours.apply(chunks[2]) as Tensor), tfOut[2], 1e-5);
    ours.resetStates();
    near(values(ours.apply(chunks[0]) as Tensor), first);
    expect(ours.getConfig().stateful).toBe(true);
    const bi = new Bidirectional({ layer: new GRU({ units: 2, stateful: true }) });
    const a = values(bi.apply(chunks[0]) as Tensor);
    expect(values(bi.apply(chunks[0]) as Tensor)).not.toEqual(a);
    bi.resetStates();
    expect(values(bi.apply(chunks[0]) as Tensor)).toEqual(a);
  });

  it('dropout and recurrentDropout act in training only, reproducibly with a seed', () => {
    setSeed(6);
    const gru = new GRU({ units: 3, dropout: 0.5, recurrentDropout: 0.5, seed: 11, returnSequences: true });
    const x = seq([4, 5, 3]);
    const plain = values(gru.apply(x) as Tensor);
    expect(values(gru.apply(x) as Tensor)).toEqual(plain);
    const trained = values(gru.apply(x, { training: true }) as Tensor);
    expect(trained).not.toEqual(plain);
    const copy = new GRU({ units: 3, dropout: 0.5, recurrentDropout: 0.5, seed: 11, returnSequences: true });
    copy.apply(x);
    copy.setWeights(gru.getWeights());
    // the copy's first training call draws the first call's masks
    const fresh = new GRU({ units: 3, dropout: 0.5, recurrentDropout: 0.5, seed: 11, returnSequences: true });
    fresh.apply(x);
    fresh.setWeights(gru.getWeights());
    expect(values(fresh.apply(x, { training: true }) as Tensor)).toEqual(values(copy.apply(x, { training: true }) as Tensor));
  });

  it('unitForgetBias starts the forget block at 1', () => {
    const lstm = new LSTM({ units: 2, biasInitializer: initializers.constant({ value: 0.5 }) });
    lstm.apply(seq([1, 2, 3]));
    expect(values(lstm.bias!)).toEqual([0.5, 0.5, 1, 1, 0.5, 0.5, 0.5, 0.5]);
  });

  it('the orthogonal initializer gives orthonormal columns (and rows when wider)', () => {
    for (const [rows, cols] of [[6, 4], [3, 7]]) {
      const w = initializers.orthogonal({ seed: 2 }).apply([rows, cols], 'float64').toArray() as number[][];
      const n = Math.min(rows, cols);
      for (let a = 0; a < n; a++) {
        for (let b = 0; b < n; b++) {
          const dot = rows >= cols ? w.reduce((s, r) => s + r[a] * r[b], 0) : w[a].reduce((s, v, i) => s + v * w[b][i], 0);
          expect(Math.abs(dot - (a === b ? 1 : 0))).toBeLessThan(1e-12);
        }
      }
    }
  });

  it('graph shapes: returnState gives several symbolic outputs; Bidirectional mergeMode null two', () => {
    const x = input({ shape: [7, 3] });
    const outs = new LSTM({ units: 4, returnSequences: true, returnState: true }).apply(x) as SymbolicTensor[];
    expect(outs.map((t) => t.shape)).toEqual([[null, 7, 4], [null, 4], [null, 4]]);
    const both = new Bidirectional({ layer: new GRU({ units: 2, returnState: true }), mergeMode: null }).apply(x) as SymbolicTensor[];
    expect(both.map((t) => t.shape)).toEqual([[null, 2], [null, 2], [null, 2], [null, 2]]);
    const td = new TimeDistributed({ layer: new Dense({ units: 5 }) }).apply(x) as SymbolicTensor;
    expect(td.shape).toEqual([null, 7, 5]);
  });

  it('a Bidirectional first layer takes its input shape from the wrapped layer', () => {
    const bi = new Bidirectional({ layer: new LSTM({ units: 2, inputShape: [5, 3] }) });
    expect(bi.batchInputShape).toEqual([null, 5, 3]);
    expect(bi.getConfig().layer).toMatchObject({ className: 'LSTM' });
  });
});

describe('the one-pass inference steps', () => {
  it('give what the differentiable steps give (LSTM, GRU both ways, SimpleRNN; masked too)', () => {
    const makes = [
      () => new LSTM({ units: 3, returnSequences: true, returnState: true, biasInitializer: 'glorotUniform' }),
      () => new LSTM({ units: 3, recurrentActivation: 'legacyHardSigmoid', activation: 'relu' }),
      () => new GRU({ units: 3, returnSequences: true, biasInitializer: 'glorotUniform' }),
      () => new GRU({ units: 3, resetAfter: false, recurrentActivation: 'hardSigmoid' }),
      () => new SimpleRNN({ units: 3, returnSequences: true, activation: 'sigmoid' }),
    ];
    for (const make of makes) {
      setSeed(9);
      const layer = make();
      const x = seq([3, 5, 4]);
      const mask = tensor([1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1], [3, 5]);
      for (const options of [{}, { mask }]) {
        const slow = layer.apply(x, options);
        const fast = noGrad(() => layer.apply(x, options));
        (Array.isArray(slow) ? slow : [slow]).forEach((t, i) => near(values((Array.isArray(fast) ? fast : [fast])[i]), values(t), 1e-6));
      }
    }
  });
});

describe('the one-op LSTM and GRU cells (sigmoid gates, tanh)', () => {
  for (const [name, make] of [
    ['LSTM', () => new LSTM({ units: 2, returnSequences: true, dtype: 'float64', biasInitializer: 'glorotUniform' })],
    ['GRU', () => new GRU({ units: 2, returnSequences: true, dtype: 'float64', biasInitializer: 'glorotUniform' })],
  ] as const) it(`${name}: a second derivative matching central differences of the first (float64)`, () => {
    setSeed(13);
    const lstm = make();
    const x = tensor([0.3, -0.8, 0.5, 0.1, -0.4, 0.9], [1, 3, 2], { dtype: 'float64' });
    lstm.apply(x);
    const p = tensor([0.7, -0.2, 0.4, 0.9, -0.6, 0.3], [1, 3, 2], { dtype: 'float64' });
    const f = (xx: Tensor) => (lstm.call(xx, {}) as Tensor).mul(p).sum();
    // g(x) = |df/dx|^2 needs the gradient's own graph, so it goes through the cell's composed backward
    const g = (xx: Tensor) => (grad(f)(xx) as Tensor).square().sum();
    const analytic = values(grad(g)(x) as Tensor);
    const data = values(x);
    data.forEach((v, j) => {
      const at = (d: number) => noGrad(() => g(tensor(data.map((w, k) => (k === j ? v + d : w)), [1, 3, 2], { dtype: 'float64' })).item());
      expect(Math.abs(analytic[j] - (at(1e-5) - at(-1e-5)) / 2e-5)).toBeLessThan(1e-6);
    });
  });
});

describe('bad input', () => {
  it('Embedding names the bad id, its position and the valid range', () => {
    const emb = new Embedding({ inputDim: 4, outputDim: 2, name: 'words' });
    expect(() => emb.apply(tensor([1, 4], [1, 2]))).toThrow(/Embedding 'words': input \[1,2\] holds 4 at flat position 1; expected token ids, integers in \[0, 3\] \(inputDim 4\)/);
    expect(() => emb.apply(tensor([0.5], [1, 1]))).toThrow(/holds 0.5 at flat position 0/);
    expect(() => emb.apply(tensor([-1], [1, 1]))).toThrow(/holds -1/);
    expect(() => new Embedding({ inputDim: 0, outputDim: 2 })).toThrow(/Embedding: inputDim must be a positive integer, got 0/);
    expect(() => new Embedding({ inputDim: 3 } as never)).toThrow(/Embedding: outputDim must be/);
  });

  it('recurrent options are checked at construction', () => {
    expect(() => new GRU({ units: 0 })).toThrow(/GRU: units must be a positive integer, got 0/);
    expect(() => new SimpleRNN({ units: 2, dropout: 1 })).toThrow(/SimpleRNN: dropout must be/);
    expect(() => new LSTM({ units: 2, recurrentActivation: 'sigmoidd' })).toThrow(/unknown activation 'sigmoidd'/);
    expect(() => new LSTM({ units: 2, timeMajor: true })).toThrow(/timeMajor inputs are not supported/);
    expect(() => new GRU({ units: 2, resetAftr: true } as never)).toThrow(/GRU: unknown option 'resetAftr'/);
    expect(() => new LSTM({ units: 2 }).apply(tensor([1, 2], [1, 2]))).toThrow(/LSTM '.*': expected input of rank 3 \(batch, time, features\), got shape \[1,2\]/);
  });

  it('wrappers check what they wrap', () => {
    expect(() => new Bidirectional({ layer: new Dense({ units: 2 }) })).toThrow(/Bidirectional: layer must be a recurrent layer \(SimpleRNN, LSTM, GRU\), got Dense/);
    expect(() => new Bidirectional({ layer: new LSTM({ units: 2 }), backwardLayer: new LSTM({ units: 2 }) })).toThrow(/the backward layer must read the other way/);
    expect(() => new Bidirectional({ layer: new LSTM({ units: 2 }), mergeMode: 'max' as never })).toThrow(/Bidirectional: mergeMode must be one of/);
    expect(() => new Bidirectional({ layer: 'lstm' as never })).toThrow(/Bidirectional: layer must be a layer .* or \{ className, config \}, got/);
    const built = new Dense({ units: 2 });
    built.apply(tensor([[1]]));
    expect(() => new TimeDistributed({ layer: built })).toThrow(/TimeDistributed: layer '.*' is already built; give a fresh layer/);
    expect(() => new TimeDistributed({ layer: new Dense({ units: 2 }) }).apply(tensor([[1, 2]]))).toThrow(/TimeDistributed '.*': expected input of rank >= 3/);
  });
});
