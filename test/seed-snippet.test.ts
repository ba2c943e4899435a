import { describe, expect, it } from 'vitest';
import { matmul, relu, tensor } from '@rectify/rectify';

describe('the seed snippet', () => {
  it('computes relu(x·w + b) through the umbrella package', () => {
    const x = tensor([[1, 2], [3, 4]]);
    const w = tensor([[0.5, 1], [1.5, 2]]);
    const b = tensor([0.1, 0.2]);
    const y = relu(matmul(x, w).add(b));
    expect(y.shape).toEqual([2, 2]);
    const values = y.toArray() as number[][];
    const expected = [[3.6, 5.2], [7.6, 11.2]];
    values.flat().forEach((v, i) => expect(v).toBeCloseTo(expected.flat()[i]!, 5));
  });
});
