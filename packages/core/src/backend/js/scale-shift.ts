import { allocate, dtypeOf, type DataArray } from '../../dtype.js';

/** out[r, c] = x[r, c] * scale[c] + shift[c] over rows of `scale.length` features. */
export function scaleShift(x: DataArray, scale: DataArray, shift: DataArray): DataArray {
  const out = allocate(dtypeOf(x), x.length);
  const channels = scale.length;
  for (let i = 0, c = 0; i < x.length; i++) {
    out[i] = x[i] * scale[c] + shift[c];
    if (++c === channels) c = 0;
  }
  return out;
}
