import { allocate, dtypeOf, type DataArray } from '../../dtype.js';
import type { Conv2DInfo } from '../backend.js';
import { binary, reluGradBias } from './elementwise.js';
import { matmul } from './matmul.js';
import { maxPool } from './pool.js';
import { scatterAddFlat } from './layout.js';

// Convolution as im2col + GEMM: each output pixel's receptive field becomes one row of a
// [batch*outH*outW, kh*kw*in] patch matrix, and the kernel [kh,kw,in,out] is already its right operand.

function im2col(x: DataArray, c: Conv2DInfo): DataArray {
  const patch = c.kernelHeight * c.kernelWidth * c.inChannels;
  const cols = allocate(dtypeOf(x), c.batch * c.outHeight * c.outWidth * patch);
  let row = 0;
  for (let b = 0; b < c.batch; b++)
    for (let oy = 0; oy < c.outHeight; oy++)
      for (let ox = 0; ox < c.outWidth; ox++, row++) {
        let o = row * patch;
        for (let ky = 0; ky < c.kernelHeight; ky++) {
          const iy = oy * c.strideHeight + ky * c.dilationHeight - c.padTop;
          for (let kx = 0; kx < c.kernelWidth; kx++, o += c.inChannels) {
            const ix = ox * c.strideWidth + kx * c.dilationWidth - c.padLeft;
            if (iy < 0 || iy >= c.inHeight || ix < 0 || ix >= c.inWidth) continue; // zero padding
            const src = ((b * c.inHeight + iy) * c.inWidth + ix) * c.inChannels;
            cols.set(x.subarray(src, src + c.inChannels), o);
          }
        }
      }
  return cols;
}

// The adjoint of im2col: sums each patch row back into the image it came from.
function col2im(cols: DataArray, c: Conv2DInfo): DataArray {
  const patch = c.kernelHeight * c.kernelWidth * c.inChannels;
  const x = allocate(dtypeOf(cols), c.batch * c.inHeight * c.inWidth * c.inChannels);
  let row = 0;
  for (let b = 0; b < c.batch; b++)
    for (let oy = 0; oy < c.outHeight; oy++)
      for (let ox = 0; ox < c.outWidth; ox++, row++) {
        let o = row * patch;
        for (let ky = 0; ky < c.kernelHeight; ky++) {
          const iy = oy * c.strideHeight + ky * c.dilationHeight - c.padTop;
          for (let kx = 0; kx < c.kernelWidth; kx++, o += c.inChannels) {
            const ix = ox * c.strideWidth + kx * c.dilationWidth - c.padLeft;
            if (iy < 0 || iy >= c.inHeight || ix < 0 || ix >= c.inWidth) continue;
            const dst = ((b * c.inHeight + iy) * c.inWidth + ix) * c.inChannels;
            for (let ch = 0; ch < c.inChannels; ch++) x[dst + ch] += cols[o + ch];
          }
        }
      }
  return x;
}

const single = [0];

export function conv2d(x: DataArray, w: DataArray, c: Conv2DInfo): DataArray {
  const rows = c.batch * c.outHeight * c.outWidth;
  const patch = c.kernelHeight * c.kernelWidth * c.inChannels;
  return matmul(im2col(x, c), w, { m: rows, k: patch, n: c.outChannels, transA: false, transB: false, aOffsets: single, bOffsets: single });
}

/** dx = col2im(dy W^T). */
export function conv2dBackpropInput(dy: DataArray, w: DataArray, c: Conv2DInfo): DataArray {
  const rows = c.batch * c.outHeight * c.outWidth;
  const patch = c.kernelHeight * c.kernelWidth * c.inChannels;
  const cols = matmul(dy, w, { m: rows, k: c.outChannels, n: patch, transA: false, transB: true, aOffsets: single, bOffsets: single });
  return col2im(cols, c);
}

/** dW = im2col(x)^T dy. */
export function conv2dBackpropFilter(x: DataArray, dy: DataArray, c: Conv2DInfo): DataArray {
  const rows = c.batch * c.outHeight * c.outWidth;
  const patch = c.kernelHeight * c.kernelWidth * c.inChannels;
  return matmul(im2col(x, c), dy, { m: patch, k: rows, n: c.outChannels, transA: true, transB: false, aOffsets: single, bOffsets: single });
}

/** relu(conv2d(x, w) + bias): the convolution, then bias and ReLU in one pass over its output. */
export function conv2dAddRelu(x: DataArray, w: DataArray, bias: DataArray, c: Conv2DInfo): DataArray {
  const shape = [c.batch, c.outHeight, c.outWidth, c.outChannels];
  return binary('addRelu', conv2d(x, w, c), shape, bias, [c.outChannels], shape);
}

/** conv2dReluMaxPool as its parts: the convolution's output is an ordinary array here. */
export function conv2dReluMaxPool(x: DataArray, w: DataArray, bias: DataArray, conv: Conv2DInfo, pool: Conv2DInfo): { values: DataArray; indices: Int32Array } {
  return maxPool(conv2dAddRelu(x, w, bias, conv), pool);
}

/** conv2dReluMaxPoolBackprop as its parts. */
export function conv2dReluMaxPoolBackprop(x: DataArray, w: DataArray, dy: DataArray, pooled: DataArray, indices: Int32Array, conv: Conv2DInfo, withDx: boolean): { dw: DataArray; dbias: DataArray; dx: DataArray | null } {
  const { dz: masked, dbias } = reluGradBias(dy, pooled, conv.outChannels);
  const dz = scatterAddFlat(masked, indices, conv.batch * conv.outHeight * conv.outWidth * conv.outChannels, dtypeOf(masked));
  return { dw: conv2dBackpropFilter(x, dz, conv), dbias, dx: withDx ? conv2dBackpropInput(dz, w, conv) : null };
}
