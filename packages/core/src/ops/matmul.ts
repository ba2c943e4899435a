import { record } from '../autograd/record.js';
import { broadcastShapes, formatShape, sizeOf, stridesOf, type Shape, assertSize } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { asPair, kernels } from './operands.js';
import { reshape } from './reshape.js';
import { checkBoolean } from '../options.js';

/**
 * Matrix product over the last two axes, batched with broadcasting over the leading ones
 * (NumPy `matmul`); a 1-D operand is treated as a row (left) or column (right) vector.
 * `transposeA` / `transposeB` use an operand's last two axes swapped, without copying.
 * @example matmul(tensor([[1, 2], [3, 4]]), tensor([[5], [6]])) // [[17], [39]]
 */
export function matmul(a: Tensor, b: Tensor, transposeA = false, transposeB = false): Tensor {
  checkBoolean('matmul', 'transposeA', transposeA, false);
  checkBoolean('matmul', 'transposeB', transposeB, false);
  let [x, y] = asPair('matmul', a, b);
  if (x.rank === 0 || y.rank === 0) throw new Error(`matmul: operands must have rank >= 1, got ${formatShape(x.shape)} x ${formatShape(y.shape)}`);
  const vecA = x.rank === 1;
  const vecB = y.rank === 1;
  if (vecA) x = reshape(x, [1, x.shape[0]]);
  if (vecB) y = reshape(y, [y.shape[0], 1]);
  const out = matmulCore(x, y, transposeA && !vecA, transposeB && !vecB);
  if (!vecA && !vecB) return out;
  const shape = out.shape.slice();
  if (vecB) shape.splice(shape.length - 1, 1);
  if (vecA) shape.splice(shape.length - (vecB ? 1 : 2), 1);
  return reshape(out, shape);
}

const ONE_PRODUCT: readonly number[] = Object.freeze([0]);

/** Element offsets of each broadcast batch of an operand with `batch` leading axes inside `outBatch`. */
function batchOffsets(batch: Shape, outBatch: Shape, matrixSize: number): readonly number[] {
  if (outBatch.length === 0) return ONE_PRODUCT; // two matrices: one product, at offset 0
  const count = sizeOf(outBatch);
  const strides = stridesOf(batch);
  const lead = outBatch.length - batch.length;
  const offsets = new Array<number>(count);
  for (let i = 0; i < count; i++) {
    let rem = i;
    let offset = 0;
    for (let d = outBatch.length - 1; d >= 0; d--) {
      const coord = rem % outBatch[d];
      rem = (rem - coord) / outBatch[d];
      const j = d - lead;
      if (j >= 0 && batch[j] !== 1) offset += coord * strides[j];
    }
    offsets[i] = offset * matrixSize;
  }
  return offsets;
}

function matmulCore(a: Tensor, b: Tensor, transA: boolean, transB: boolean): Tensor {
  // indexed rather than destructured from slices: this runs for every product
  const ar = a.shape[a.rank - 2], ac = a.shape[a.rank - 1];
  const br = b.shape[b.rank - 2], bc = b.shape[b.rank - 1];
  const m = transA ? ac : ar;
  const k = transA ? ar : ac;
  const kb = transB ? bc : br;
  const n = transB ? br : bc;
  if (k !== kb) {
    throw new Error(`matmul: inner dimensions differ: ${formatShape(a.shape)}${transA ? '^T' : ''} x ${formatShape(b.shape)}${transB ? '^T' : ''} (${k} vs ${kb})`);
  }
  const aBatch = a.shape.slice(0, -2);
  const bBatch = b.shape.slice(0, -2);
  const batch = broadcastShapes('matmul', aBatch, bBatch);
  const outShape = [...batch, m, n];
  assertSize('matmul', outShape);
  const info = {
    m, n, k, transA, transB,
    aOffsets: batchOffsets(aBatch, batch, ar * ac),
    bOffsets: batchOffsets(bBatch, batch, br * bc),
  };
  const data = kernels().matmul(a.values, b.values, info);
  return record('matmul', data, outShape, [a, b], (dy) => {
    // C = A B: dA = dC B^T, dB = A^T dC (with the transposed variants for the flags)
    let da: Tensor | null = null;
    let db: Tensor | null = null;
    if (a.requiresGrad) da = transA ? matmulCore(b, dy, transB, true) : matmulCore(dy, b, false, !transB);
    if (b.requiresGrad) db = transB ? matmulCore(dy, a, true, transA) : matmulCore(a, dy, !transA, false);
    return [da, db];
  });
}
