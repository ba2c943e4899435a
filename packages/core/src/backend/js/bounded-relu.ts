import { allocate, dtypeOf, type DataArray } from '../../dtype.js';

/** out[i] = min(max(x[i], 0), cap); NaN stays NaN (as relu then minimum). */
export function boundedRelu(x: DataArray, cap: number): DataArray {
  const out = allocate(dtypeOf(x), x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    out[i] = v > 0 ? (v < cap ? v : cap) : v === v ? 0 : v;
  }
  return out;
}
