import { describe, expect, it } from 'vitest';
import { dropout, ones, setSeed } from '../src/index.js';

describe('dropout masks', () => {
  it('keeps 1 - rate of the elements, scaled by 1 / (1 - rate)', () => {
    const y = dropout(ones([100000]), 0.3, { seed: 5 });
    const kept = y.values.filter((v) => v !== 0);
    expect(Math.abs(kept.length / y.size - 0.7)).toBeLessThan(0.01);
    expect(new Set(kept)).toEqual(new Set([Math.fround(1 / 0.7)]));
  });

  it('repeats under a seed and differs between seeds', () => {
    const a = dropout(ones([1000]), 0.5, { seed: 1 }).dataSync();
    expect(dropout(ones([1000]), 0.5, { seed: 1 }).dataSync()).toEqual(a);
    expect(dropout(ones([1000]), 0.5, { seed: 2 }).dataSync()).not.toEqual(a);
    setSeed(9);
    const b = dropout(ones([1000]), 0.5).dataSync();
    setSeed(9);
    expect(dropout(ones([1000]), 0.5).dataSync()).toEqual(b);
  });
});
