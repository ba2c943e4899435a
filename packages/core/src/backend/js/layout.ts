import { allocate, dtypeOf, type DataArray, type DType } from '../../dtype.js';
import { sizeOf, stridesOf, type Shape } from '../../shape.js';

export function transposeImpl(x: DataArray, shape: Shape, perm: readonly number[]): DataArray {
  const rank = shape.length;
  const out = allocate(dtypeOf(x), x.length);
  const outShape = perm.map((p) => shape[p]);
  const inStrides = stridesOf(shape);
  if (rank === 2 && perm[0] === 1) {
    const [rows, cols] = shape;
    // blocked for cache friendliness
    const B = 32;
    for (let r0 = 0; r0 < rows; r0 += B)
      for (let c0 = 0; c0 < cols; c0 += B)
        for (let r = r0; r < Math.min(r0 + B, rows); r++)
          for (let c = c0; c < Math.min(c0 + B, cols); c++) out[c * rows + r] = x[r * cols + c];
    return out;
  }
  const strides = perm.map((p) => inStrides[p]);
  const counter = new Array<number>(rank).fill(0);
  let offset = 0;
  for (let i = 0; i < out.length; i++) {
    out[i] = x[offset];
    for (let d = rank - 1; d >= 0; d--) {
      counter[d]++;
      offset += strides[d];
      if (counter[d] < outShape[d]) break;
      offset -= strides[d] * outShape[d];
      counter[d] = 0;
    }
  }
  return out;
}

/** Copies a box [begin, begin+size) between a big array (`full`, of `fullShape`) and a dense small one. */
function copyBox(full: DataArray, fullShape: Shape, small: DataArray, begin: readonly number[], size: readonly number[], toSmall: boolean): void {
  const rank = fullShape.length;
  if (rank === 0) { if (toSmall) small[0] = full[0]; else full[0] = small[0]; return; }
  const strides = stridesOf(fullShape);
  // trailing axes the box covers whole join the contiguous run (a padded NHWC image copies rows of w * c, not
  // single pixels): `axis` is the outermost axis of the run
  let axis = rank - 1;
  while (axis > 0 && size[axis] === fullShape[axis]) axis--;
  const inner = sizeOf(size.slice(axis));
  const rows = sizeOf(size.slice(0, axis));
  const counter = new Array<number>(axis).fill(0);
  for (let r = 0; r < rows; r++) {
    let offset = begin[axis] * strides[axis];
    for (let d = 0; d < axis; d++) offset += (begin[d] + counter[d]) * strides[d];
    const at = r * inner;
    if (inner < 32) {
      // short runs: a loop beats making two views per run
      if (toSmall) for (let i = 0; i < inner; i++) small[at + i] = full[offset + i];
      else for (let i = 0; i < inner; i++) full[offset + i] = small[at + i];
    } else if (toSmall) small.set(full.subarray(offset, offset + inner), at);
    else full.set(small.subarray(at, at + inner), offset);
    for (let d = axis - 1; d >= 0; d--) {
      if (++counter[d] < size[d]) break;
      counter[d] = 0;
    }
  }
}

export function slice(x: DataArray, shape: Shape, begin: readonly number[], size: readonly number[]): DataArray {
  const out = allocate(dtypeOf(x), sizeOf(size));
  if (out.length > 0) copyBox(x, shape, out, begin, size, true);
  return out;
}

export function unslice(x: DataArray, shape: Shape, begin: readonly number[], outShape: Shape): DataArray {
  const out = allocate(dtypeOf(x), sizeOf(outShape));
  if (x.length > 0) copyBox(out, outShape, x, begin, shape, false);
  return out;
}

export function concat(xs: readonly DataArray[], shapes: readonly Shape[], axis: number): DataArray {
  const outer = sizeOf(shapes[0].slice(0, axis));
  const blocks = shapes.map((s) => sizeOf(s.slice(axis)));
  const total = blocks.reduce((a, b) => a + b, 0);
  const out = allocate(dtypeOf(xs[0]), outer * total);
  for (let o = 0; o < outer; o++) {
    let offset = o * total;
    xs.forEach((x, j) => {
      out.set(x.subarray(o * blocks[j], (o + 1) * blocks[j]), offset);
      offset += blocks[j];
    });
  }
  return out;
}

export function gatherFlat(x: DataArray, indices: Int32Array): DataArray {
  const out = allocate(dtypeOf(x), indices.length);
  for (let i = 0; i < indices.length; i++) out[i] = x[indices[i]];
  return out;
}

export function scatterAddFlat(x: DataArray, indices: Int32Array, size: number, dtype: DType): DataArray {
  const out = allocate(dtype, size);
  for (let i = 0; i < indices.length; i++) out[indices[i]] += x[i];
  return out;
}
