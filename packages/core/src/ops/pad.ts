import { record } from '../autograd/record.js';
import { allocate } from '../dtype.js';
import { formatShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { slice } from './layout.js';
import { asTensor, kernels } from './operands.js';

/**
 * Pads each axis with `constantValue`: paddings[i] = [before, after] for axis i, so
 * out.shape[i] = before + x.shape[i] + after and out[before + j] = x[j] (Keras ZeroPadding1D/2D/3D).
 * @example pad(tensor([[1, 2]]), [[1, 0], [0, 1]]) // [[0, 0, 0], [1, 2, 0]]
 */
export function pad(x: Tensor, paddings: ReadonlyArray<readonly [number, number]>, constantValue = 0): Tensor {
  const xt = asTensor('pad', x);
  const ok = Array.isArray(paddings) && paddings.length === xt.rank
    && paddings.every((p) => Array.isArray(p) && p.length === 2 && p.every((d) => Number.isInteger(d) && d >= 0));
  if (!ok) {
    throw new Error(`pad: paddings must hold one [before, after] pair of non-negative integers per axis of ${formatShape(xt.shape)}, got ${JSON.stringify(paddings)}`);
  }
  if (typeof constantValue !== 'number') throw new Error(`pad: constantValue must be a number, got ${JSON.stringify(constantValue)}`);
  const begin = paddings.map((p) => p[0]);
  const shape = xt.shape.map((d, i) => paddings[i][0] + d + paddings[i][1]);
  const data = kernels().unslice(xt.values, xt.shape, begin, shape);
  if (constantValue !== 0) {
    // the border is wherever the placed block of ones is not
    const inside = kernels().unslice(allocate(xt.dtype, xt.size).fill(1), xt.shape, begin, shape);
    for (let i = 0; i < data.length; i++) if (inside[i] === 0) data[i] = constantValue;
  }
  return record('pad', data, shape, [xt], (dy) => [slice(dy, begin, xt.shape)]); // dx = dy cropped back to x
}
