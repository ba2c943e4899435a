import { allocate, dtypeOf, type DataArray } from '../../dtype.js';
import type { ResizeInfo } from '../backend.js';

// Image resizing as two-tap interpolation along each axis: output (oy, ox) reads rows rowLo/rowHi and
// columns colLo/colHi, weighted by (1 - f, f) per axis. Nearest neighbour is the case f = 0.

function forEachPixel(r: ResizeInfo, visit: (outOffset: number, corners: readonly number[], weights: readonly number[]) => void): void {
  const corners = [0, 0, 0, 0];
  const weights = [0, 0, 0, 0];
  let o = 0;
  for (let b = 0; b < r.batch; b++)
    for (let oy = 0; oy < r.outHeight; oy++) {
      const fy = r.rowFrac[oy];
      const top = (b * r.inHeight + r.rowLo[oy]) * r.inWidth;
      const bottom = (b * r.inHeight + r.rowHi[oy]) * r.inWidth;
      for (let ox = 0; ox < r.outWidth; ox++, o += r.channels) {
        const fx = r.colFrac[ox];
        corners[0] = (top + r.colLo[ox]) * r.channels;
        corners[1] = (top + r.colHi[ox]) * r.channels;
        corners[2] = (bottom + r.colLo[ox]) * r.channels;
        corners[3] = (bottom + r.colHi[ox]) * r.channels;
        weights[0] = (1 - fy) * (1 - fx);
        weights[1] = (1 - fy) * fx;
        weights[2] = fy * (1 - fx);
        weights[3] = fy * fx;
        visit(o, corners, weights);
      }
    }
}

/** out[b, oy, ox, c] = sum over the four corners of weight * x[corner, c]. */
export function resize(x: DataArray, r: ResizeInfo): DataArray {
  const out = allocate(dtypeOf(x), r.batch * r.outHeight * r.outWidth * r.channels);
  const C = r.channels;
  forEachPixel(r, (o, corners, weights) => {
    // corners of weight 0 are skipped, not multiplied: 0 * Infinity would turn a copied infinity into NaN
    for (let k = 0; k < 4; k++) {
      const w = weights[k];
      if (w === 0) continue;
      const p = corners[k];
      for (let c = 0; c < C; c++) out[o + c] += w * x[p + c];
    }
  });
  return out;
}

/** The adjoint of resize: each output gradient spread over its four corners with the same weights. */
export function resizeBackprop(dy: DataArray, r: ResizeInfo): DataArray {
  const dx = allocate(dtypeOf(dy), r.batch * r.inHeight * r.inWidth * r.channels);
  const C = r.channels;
  forEachPixel(r, (o, corners, weights) => {
    for (let k = 0; k < 4; k++) {
      const w = weights[k];
      if (w === 0) continue;
      const p = corners[k];
      for (let c = 0; c < C; c++) dx[p + c] += w * dy[o + c];
    }
  });
  return dx;
}
