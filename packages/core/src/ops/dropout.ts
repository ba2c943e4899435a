import { allocate } from '../dtype.js';
import { rngFor } from '../random.js';
import { Tensor } from '../tensor.js';
import { mul } from './arithmetic.js';
import { asTensor } from './operands.js';
import { checkNumber, checkOptions, checkSeed } from '../options.js';

/**
 * Inverted dropout: zeroes each element with probability `rate` and scales the survivors by
 * 1 / (1 - rate), so the expected value is unchanged and inference needs no rescaling.
 * @example dropout(ones([4]), 0.5, { seed: 1 }) // e.g. [2, 0, 2, 0]
 */
export function dropout(x: Tensor, rate: number, options: { seed?: number } = {}): Tensor {
  const t = asTensor('dropout', x);
  checkNumber('dropout', 'rate', rate, { min: 0, lessThan: 1 });
  checkOptions('dropout', options, ['seed']);
  const seed = checkSeed('dropout', options?.seed);
  if (rate === 0) return t;
  const mask = allocate(t.dtype, t.size);
  // a mulberry32 stream seeded by one draw of the (seedable) generator: the per-element cost matters here
  fillBernoulli(mask, (rngFor(seed)() * 4294967296) | 0, rate * 4294967296, 1 / (1 - rate));
  return mul(t, new Tensor(mask, t.shape));
}

// mask[i] = keep where the next 32-bit mulberry32 draw is >= threshold, else 0 (inlined: a call per
// element costs twice as much).
function fillBernoulli(mask: Float32Array | Float64Array, seed: number, threshold: number, keep: number): void {
  let state = seed;
  for (let i = 0; i < mask.length; i++) {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    mask[i] = (t ^ (t >>> 14)) >>> 0 >= threshold ? keep : 0;
  }
}
