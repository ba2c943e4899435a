import type { Backend, Conv2DInfo, DataArray, MatMulInfo } from '@rectify/core';
import type { NativeAddon } from './addon.js';

/** Conv2DInfo as the 15 int32s the add-on reads, in the interface's field order. */
function geometry(c: Conv2DInfo): Int32Array {
  return Int32Array.of(c.batch, c.inHeight, c.inWidth, c.inChannels, c.outHeight, c.outWidth, c.outChannels, c.kernelHeight, c.kernelWidth,
    c.strideHeight, c.strideWidth, c.dilationHeight, c.dilationWidth, c.padTop, c.padLeft);
}

const rows = (c: Conv2DInfo) => c.batch * c.outHeight * c.outWidth;
const patch = (c: Conv2DInfo) => c.kernelHeight * c.kernelWidth * c.inChannels;

/**
 * `base` with GEMM and convolution through the add-on (OpenBLAS), on the operands' own memory: nothing
 * copied in, the result written straight into the array returned. Float64 operands keep `base`'s kernels.
 */
export function createNativeBackend(addon: NativeAddon, base: Backend): Backend {
  const f32 = (...xs: DataArray[]): boolean => xs.every((x) => x instanceof Float32Array);
  return {
    ...base,
    name: 'native',
    matmul(a: DataArray, b: DataArray, info: MatMulInfo): DataArray {
      if (!f32(a, b)) return base.matmul(a, b, info);
      const { m, n, k, transA, transB, aOffsets, bOffsets } = info;
      const out = new Float32Array(aOffsets.length * m * n);
      for (let i = 0; i < aOffsets.length; i++) {
        addon.sgemm(a as Float32Array, aOffsets[i], transA ? 1 : 0, b as Float32Array, bOffsets[i], transB ? 1 : 0, out, i * m * n, m, n, k);
      }
      return out;
    },
    conv2d(x: DataArray, w: DataArray, c: Conv2DInfo): DataArray {
      if (!f32(x, w)) return base.conv2d(x, w, c);
      const out = new Float32Array(rows(c) * c.outChannels);
      addon.conv2d(x as Float32Array, w as Float32Array, out, geometry(c));
      return out;
    },
    conv2dBackpropInput(dy: DataArray, w: DataArray, c: Conv2DInfo): DataArray {
      if (!f32(dy, w)) return base.conv2dBackpropInput(dy, w, c);
      const dx = new Float32Array(c.batch * c.inHeight * c.inWidth * c.inChannels);
      addon.conv2dBackpropInput(dy as Float32Array, w as Float32Array, dx, geometry(c));
      return dx;
    },
    conv2dBackpropFilter(x: DataArray, dy: DataArray, c: Conv2DInfo): DataArray {
      if (!f32(x, dy)) return base.conv2dBackpropFilter(x, dy, c);
      const dw = new Float32Array(patch(c) * c.outChannels);
      addon.conv2dBackpropFilter(x as Float32Array, dy as Float32Array, dw, geometry(c));
      return dw;
    },
  };
}
