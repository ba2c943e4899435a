import { allocate, dtypeOf, type DataArray } from '../../dtype.js';

/**
 * Per row of [rows, cols] logits z with class labels: loss = logSumExp(z) - z[label] and the softmax
 * probabilities, in one pass per row (the probabilities are the backward's).
 */
export function sparseSoftmaxCrossentropy(z: DataArray, labels: Int32Array, rows: number, cols: number): { losses: DataArray; probs: DataArray } {
  const losses = allocate(dtypeOf(z), rows);
  const probs = allocate(dtypeOf(z), z.length);
  for (let r = 0, base = 0; r < rows; r++, base += cols) {
    // NaN wins the max (so the row is NaN); an all -Infinity row keeps a finite shift
    let max = -Infinity;
    for (let c = 0; c < cols; c++) { const v = z[base + c]; if (v > max || v !== v) { max = v; if (v !== v) break; } }
    const shift = Number.isFinite(max) ? max : max !== max ? max : 0;
    let sum = 0;
    for (let c = 0; c < cols; c++) sum += (probs[base + c] = Math.exp(z[base + c] - shift));
    for (let c = 0; c < cols; c++) probs[base + c] /= sum;
    losses[r] = shift + Math.log(sum) - z[base + labels[r]];
  }
  return { losses, probs };
}
