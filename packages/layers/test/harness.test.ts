import { describe, expect, it } from 'vitest';
import { Tensor, gradcheck, noGrad, setSeed, tensor } from '@rectify/core';
import {
  Activation, AveragePooling2D, BatchNormalization, Conv2D, Dense, Dropout, ELU, Flatten, GELU, Layer, LeakyReLU,
  MaxPooling2D, PReLU, ReLU, Reshape, Sigmoid, Softmax, Swish, Tanh, deserializeLayer, initializers, serializeLayer,
  Embedding, Masking, SimpleRNN, LSTM, GRU, Bidirectional, TimeDistributed,
} from '../src/index.js';

function smooth(shape: number[], dtype: 'float32' | 'float64' = 'float32'): Tensor {
  const n = shape.reduce((a, d) => a * d, 1);
  return tensor(Array.from({ length: n }, (_, i) => 1.5 * Math.sin(1.3 * i + 0.4) + 0.05), shape, { dtype });
}

/** Token ids below `vocabulary` (for Embedding), as float tensors: not differentiable. */
function ids(vocabulary: number): (shape: number[], dtype?: 'float32' | 'float64') => Tensor {
  return (shape, dtype = 'float32') => tensor(Array.from({ length: shape.reduce((a, d) => a * d, 1) }, (_, i) => (i * 7 + 3) % vocabulary), shape, { dtype });
}

// [factory, input shape, gradcheck?, input maker (default: smooth values; a non-default one is not differentiated)]
const CASES: Array<[string, () => Layer, number[], boolean, ((shape: number[], dtype?: 'float32' | 'float64') => Tensor)?]> = [
  ['Dense', () => new Dense({ units: 3, activation: 'tanh' }), [2, 4], true],
  ['Dense rank 3', () => new Dense({ units: 2 }), [2, 3, 4], true],
  ['ReLU', () => new ReLU(), [2, 5], true],
  ['ReLU options', () => new ReLU({ maxValue: 1, negativeSlope: 0.1, threshold: 0.2 }), [2, 5], true],
  ['LeakyReLU', () => new LeakyReLU({ alpha: 0.2 }), [2, 5], true],
  ['PReLU', () => new PReLU({ alphaInitializer: initializers.constant({ value: 0.25 }) }), [2, 5], true],
  ['PReLU shared', () => new PReLU({ sharedAxes: [1, 2], alphaInitializer: initializers.constant({ value: 0.1 }) }), [2, 3, 3, 2], true],
  ['ELU', () => new ELU({ alpha: 0.5 }), [2, 5], true],
  ['Swish', () => new Swish({ beta: 1.3 }), [2, 5], true],
  ['GELU', () => new GELU(), [2, 5], true],
  ['Sigmoid', () => new Sigmoid(), [2, 5], true],
  ['Tanh', () => new Tanh(), [2, 5], true],
  ['Softmax', () => new Softmax({ axis: -1 }), [2, 5], true],
  ['Activation', () => new Activation('selu'), [2, 5], true],
  ['Dropout', () => new Dropout({ rate: 0.5, seed: 1 }), [2, 5], true],
  ['Flatten', () => new Flatten(), [2, 3, 2, 2], true],
  ['Reshape', () => new Reshape({ targetShape: [3, -1] }), [2, 6], true],
  ['Conv2D same stride 2', () => new Conv2D({ filters: 2, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', biasInitializer: initializers.constant({ value: 0.1 }) }), [2, 5, 5, 2], true],
  ['Conv2D valid', () => new Conv2D({ filters: 3, kernelSize: [2, 3] }), [1, 4, 5, 2], true],
  ['MaxPooling2D', () => new MaxPooling2D({ poolSize: 2 }), [2, 4, 4, 2], true],
  ['AveragePooling2D same', () => new AveragePooling2D({ poolSize: 3, strides: 2, padding: 'same' }), [1, 5, 5, 2], true],
  ['BatchNormalization', () => new BatchNormalization(), [4, 3], true],
  ['Embedding', () => new Embedding({ inputDim: 7, outputDim: 3 }), [2, 4], true, ids(7)],
  ['Masking', () => new Masking({ maskValue: 0.05 }), [2, 3, 2], true],
  ['SimpleRNN', () => new SimpleRNN({ units: 3, biasInitializer: 'glorotUniform' }), [2, 3, 2], true],
  ['LSTM sequences', () => new LSTM({ units: 2, returnSequences: true }), [2, 3, 2], true],
  ['LSTM backwards hard sigmoid', () => new LSTM({ units: 2, goBackwards: true, recurrentActivation: 'hardSigmoid', unitForgetBias: false }), [2, 3, 2], true],
  ['GRU resetAfter', () => new GRU({ units: 2, returnSequences: true, biasInitializer: 'glorotUniform' }), [2, 3, 2], true],
  ['GRU resetAfter false', () => new GRU({ units: 2, resetAfter: false, biasInitializer: 'glorotUniform' }), [2, 3, 2], true],
  ['Bidirectional LSTM', () => new Bidirectional({ layer: new LSTM({ units: 2, returnSequences: true }) }), [2, 3, 2], true],
  ['Bidirectional GRU ave', () => new Bidirectional({ layer: new GRU({ units: 2 }), mergeMode: 'ave' }), [2, 3, 2], true],
  ['TimeDistributed Dense', () => new TimeDistributed({ layer: new Dense({ units: 2, activation: 'tanh' }) }), [2, 3, 2], true],
];

describe('the layer harness', () => {
  for (const [name, make, shape, check, makeInput] of CASES) {
    const input = makeInput ?? smooth;
    describe(name, () => {
      it('output shape equals computeOutputShape, and build runs once', () => {
        setSeed(3);
        const layer = make();
        const y = layer.apply(input(shape));
        const predicted = layer.computeOutputShape([null, ...shape.slice(1)]);
        expect([shape[0], ...predicted.slice(1)]).toEqual(y.shape);
        const weights = layer.weights;
        layer.apply(input(shape));
        expect(layer.weights).toEqual(weights);
      });

      it('round-trips through its config', () => {
        setSeed(3);
        const layer = make();
        layer.apply(input(shape));
        const copy = deserializeLayer(JSON.parse(JSON.stringify(serializeLayer(layer))));
        expect(copy.className).toBe(layer.className);
        copy.apply(input(shape));
        copy.setWeights(layer.getWeights());
        expect(Array.from(copy.apply(input(shape)).dataSync())).toEqual(Array.from(layer.apply(input(shape)).dataSync()));
      });

      if (check) {
        it('has gradients matching central differences (float64) for the input and every trainable weight', () => {
          setSeed(3);
          const layer = make();
          (layer as unknown as { dtype: string }).dtype = 'float64';
          const x = input(shape, 'float64');
          layer.apply(x);
          const weights = layer.trainableWeights;
          const projection = smooth(layer.apply(x).shape as number[], 'float64').mul(0.7);
          const loss = (xx: Tensor) => (layer.call(xx, { training: false }) as Tensor).mul(projection).sum();
          if (!makeInput) expect(gradcheck(loss, [x])).toBe(true);
          if (weights.length === 0) return;
          loss(x).backward();
          for (const w of weights) {
            expect(w.dtype).toBe('float64');
            const analytic = w.grad!.dataSync();
            const data = w.data;
            for (let i = 0; i < data.length; i++) {
              const keep = data[i];
              data[i] = keep + 1e-6;
              const plus = noGrad(() => loss(x).item());
              data[i] = keep - 1e-6;
              const minus = noGrad(() => loss(x).item());
              data[i] = keep;
              expect(analytic[i]).toBeCloseTo((plus - minus) / 2e-6, 4);
            }
          }
        });
      }

      it('one gradient step changes every trainable weight', () => {
        setSeed(3);
        const layer = make();
        layer.apply(input(shape));
        if (layer.trainableWeights.length === 0) return expect(layer.countParams()).toBe(layer.nonTrainableWeights.reduce((n, w) => n + w.size, 0));
        const before = layer.trainableWeights.map((w) => Array.from(w.dataSync()));
        const y = layer.apply(input(shape), { training: true });
        y.mul(smooth(y.shape as number[])).sum().backward();
        noGrad(() => {
          for (const w of layer.trainableWeights) w.assign(w.sub(w.grad!.mul(0.1)));
        });
        layer.trainableWeights.forEach((w, i) => expect(Array.from(w.dataSync())).not.toEqual(before[i]));
      });
    });
  }
});
