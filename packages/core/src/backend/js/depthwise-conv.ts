import { allocate, dtypeOf, type DataArray } from '../../dtype.js';
import type { Conv2DInfo } from '../backend.js';

// Depthwise convolution straight over NHWC data: each input channel c meets only its own `mult` filters,
// out[.., c * mult + q] = sum over the window of x[.., c] * w[ky, kx, c, q]. A patch matrix would hold
// kh * kw copies of the input for a product with a block-diagonal kernel, so there is none here.

/** Calls `visit` for every (output pixel, kernel tap) pair whose tap lands inside the input. */
function forEachTap(c: Conv2DInfo, visit: (outOffset: number, inOffset: number, tapOffset: number) => void): void {
  const C = c.inChannels;
  const outC = c.outChannels;
  let o = 0;
  for (let b = 0; b < c.batch; b++)
    for (let oy = 0; oy < c.outHeight; oy++)
      for (let ox = 0; ox < c.outWidth; ox++, o += outC)
        for (let ky = 0; ky < c.kernelHeight; ky++) {
          const iy = oy * c.strideHeight + ky * c.dilationHeight - c.padTop;
          if (iy < 0 || iy >= c.inHeight) continue; // zero padding
          for (let kx = 0; kx < c.kernelWidth; kx++) {
            const ix = ox * c.strideWidth + kx * c.dilationWidth - c.padLeft;
            if (ix < 0 || ix >= c.inWidth) continue;
            visit(o, ((b * c.inHeight + iy) * c.inWidth + ix) * C, (ky * c.kernelWidth + kx) * outC);
          }
        }
}

/** y = depthwise(x, w): x [b, h, w, in], w [kh, kw, in, mult], y [b, oh, ow, in * mult]. */
export function depthwiseConv2d(x: DataArray, w: DataArray, c: Conv2DInfo): DataArray {
  const out = allocate(dtypeOf(x), c.batch * c.outHeight * c.outWidth * c.outChannels);
  const C = c.inChannels;
  const m = c.outChannels / C;
  forEachTap(c, (o, i, t) => {
    if (m === 1) for (let ch = 0; ch < C; ch++) out[o + ch] += x[i + ch] * w[t + ch];
    else
      for (let ch = 0; ch < C; ch++) {
        const v = x[i + ch];
        for (let q = ch * m; q < ch * m + m; q++) out[o + q] += v * w[t + q];
      }
  });
  return out;
}

/** dx[.., c] = sum over taps and q of dy[.., c * mult + q] * w[ky, kx, c, q]. */
export function depthwiseConv2dBackpropInput(dy: DataArray, w: DataArray, c: Conv2DInfo): DataArray {
  const dx = allocate(dtypeOf(dy), c.batch * c.inHeight * c.inWidth * c.inChannels);
  const C = c.inChannels;
  const m = c.outChannels / C;
  forEachTap(c, (o, i, t) => {
    if (m === 1) for (let ch = 0; ch < C; ch++) dx[i + ch] += dy[o + ch] * w[t + ch];
    else
      for (let ch = 0; ch < C; ch++) {
        let s = 0;
        for (let q = ch * m; q < ch * m + m; q++) s += dy[o + q] * w[t + q];
        dx[i + ch] += s;
      }
  });
  return dx;
}

/** dw[ky, kx, c, q] = sum over the batch and output pixels of x[.., c] * dy[.., c * mult + q]. */
export function depthwiseConv2dBackpropFilter(x: DataArray, dy: DataArray, c: Conv2DInfo): DataArray {
  const dw = allocate(dtypeOf(x), c.kernelHeight * c.kernelWidth * c.outChannels);
  const C = c.inChannels;
  const m = c.outChannels / C;
  forEachTap(c, (o, i, t) => {
    if (m === 1) for (let ch = 0; ch < C; ch++) dw[t + ch] += x[i + ch] * dy[o + ch];
    else
      for (let ch = 0; ch < C; ch++) {
        const v = x[i + ch];
        for (let q = ch * m; q < ch * m + m; q++) dw[t + q] += v * dy[o + q];
      }
  });
  return dw;
}
