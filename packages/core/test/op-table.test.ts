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
  const names = ['sigmoid', 'tanh', 'softplus', 'elu', 'selu', 'swish beta 1.5', 'gelu exact', 'exp', 'square', 'logSoftmax', 'softmax axis -1',
    ...opCases.filter((c) => /^(hardSwish|mish|softsign|silu)\b/.test(c.name)).map((c) => c.name)];
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

describe('second-order gradients with respect to every input', () => {
  for (const c of opCases.filter((o) => o.secondOrder)) {
    it(c.name, () => {
      const inputs = c.inputs('float64');
      // the first gradients, each projected on a fixed direction, summed: its gradient is a Hessian-vector product
      const directions = inputs.map((x, i) => values(x.shape, 11 + i, 'float64'));
      const first = (...xs: Tensor[]) => {
        const gs = grad((...ys: Tensor[]) => c.fn(...ys).mul(values(c.fn(...ys).shape, 5, 'float64')).sum())(...xs);
        const list: Tensor[] = xs.length === 1 ? [gs] : gs;
        return list.map((g, i) => g.mul(directions[i]).sum()).reduce((a, b) => a.add(b));
      };
      expect(gradcheck(first, inputs)).toBe(true);
    });
  }
});
