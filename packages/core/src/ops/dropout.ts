import { allocate } from '../dtype.js';
import { rngFor } from '../random.js';
import { Tensor } from '../tensor.js';
import { mul } from './arithmetic.js';
import { asTensor } from './operands.js';

/**
 * Inverted dropout: zeroes each element with probability `rate` and scales the survivors by
 * 1 / (1 - rate), so the expected value is unchanged and inference needs no rescaling.
 * @example dropout(ones([4]), 0.5, { seed: 1 }) // e.g. [2, 0, 2, 0]
 */
export function dropout(x: Tensor, rate: number, options: { seed?: number } = {}): Tensor {
  const t = asTensor('dropout', x);
  if (!(rate >= 0 && rate < 1)) throw new Error(`dropout: rate must be in [0, 1), got ${rate}`);
  if (rate === 0) return t;
  const rng = rngFor(options.seed);
  const mask = allocate(t.dtype, t.size);
  const keep = 1 / (1 - rate);
  for (let i = 0; i < mask.length; i++) mask[i] = rng() >= rate ? keep : 0;
  return mul(t, new Tensor(mask, t.shape));
}
