import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Tensor, gradcheck, grad } from '../src/index.js';
import { opCases, values } from './op-table.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

function flat(x: unknown): number[] {
  return Array.isArray(x) ? x.flatMap(flat) : [Number(x)];
}

describe('op table: forward against TF.js or known values', () => {
  for (const c of opCases) {
    it(c.name, () => {
      const inputs = c.inputs('float32');
      const out = c.fn(...inputs);
      let expected: number[];
      let shape: number[] | undefined;
      if (c.tf) {
        const ref = tf.tidy(() => c.tf!(tf, ...inputs.map((t) => tf.tensor(Array.from(t.dataSync()), [...t.shape]))));
        expected = Array.from(ref.dataSync());
        shape = ref.shape;
        ref.dispose();
      } else expected = flat(c.expected);
      if (shape) expect(out.shape).toEqual(shape);
      const got = Array.from(out.dataSync());
      expect(got.length).toBe(expected.length);
      got.forEach((g, i) => expect(g).toBeCloseTo(expected[i], 4));
    });
  }
});

describe('op table: backward against central differences (float64)', () => {
  for (const c of opCases.filter((c) => c.gradcheck !== false && c.inputs('float64').length > 0)) {
    it(c.name, () => {
      expect(gradcheck(c.fn, c.inputs('float64'))).toBe(true);
    });
  }
});

describe('second-order gradients of the activation family', () => {
  const names = ['sigmoid', 'tanh', 'softplus', 'elu', 'selu', 'swish beta 1.5', 'gelu exact', 'exp', 'square', 'logSoftmax', 'softmax axis -1'];
  for (const name of names) {
    it(name, () => {
      const c = opCases.find((o) => o.name === name)!;
      // d/dx of (d/dx sum f(x)) . w, checked against finite differences of the first gradient
      const w = values(c.inputs('float64')[0].shape, 7, 'float64');
      const first = (x: Tensor) => grad((y: Tensor) => c.fn(y).sum())(x).mul(w).sum();
      expect(gradcheck(first, [c.inputs('float64')[0]])).toBe(true);
    });
  }
});
