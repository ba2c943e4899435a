import { allocate, dtypeOf, type DataArray } from '../../dtype.js';

/** out[r, c] = min(max(x[r, c] * scale[c] + shift[c], lo), hi) over rows of `scale.length` features; NaN stays NaN. */
export function scaleShift(x: DataArray, scale: DataArray, shift: DataArray, lo = -Infinity, hi = Infinity): DataArray {
  const out = allocate(dtypeOf(x), x.length);
  const channels = scale.length;
  for (let i = 0, c = 0; i < x.length; i++) {
    const v = x[i] * scale[c] + shift[c];
    out[i] = v > lo ? (v < hi ? v : hi) : v === v ? lo : v;
    if (++c === channels) c = 0;
  }
  return out;
}
