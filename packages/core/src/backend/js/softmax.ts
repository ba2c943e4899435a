import { allocate, dtypeOf, type DataArray } from '../../dtype.js';

export function softmax(x: DataArray, rows: number, cols: number, log: boolean): DataArray {
  const out = allocate(dtypeOf(x), x.length);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    let max = -Infinity;
    for (let c = 0; c < cols; c++) if (x[base + c] > max) max = x[base + c];
    if (max === -Infinity) max = 0; // an all -inf row stays finite-shifted
    // each exponential once: kept in out, then scaled (or, for log, replaced)
    let sum = 0;
    for (let c = 0; c < cols; c++) sum += out[base + c] = Math.exp(x[base + c] - max);
    if (log) {
      const lse = Math.log(sum);
      for (let c = 0; c < cols; c++) out[base + c] = x[base + c] - max - lse;
    } else {
      const inv = 1 / sum;
      for (let c = 0; c < cols; c++) out[base + c] *= inv;
    }
  }
  return out;
}

export function logSumExp(x: DataArray, rows: number, cols: number): DataArray {
  const out = allocate(dtypeOf(x), rows);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    // NaN wins the max (so the row's result is NaN); an infinite max is the result itself
    let max = -Infinity;
    for (let c = 0; c < cols; c++) { const v = x[base + c]; if (v > max || v !== v) { max = v; if (v !== v) break; } }
    if (!Number.isFinite(max)) { out[r] = max; continue; }
    let sum = 0;
    for (let c = 0; c < cols; c++) sum += Math.exp(x[base + c] - max);
    out[r] = max + Math.log(sum);
  }
  return out;
}
