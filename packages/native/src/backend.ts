import { sizeOf, trailingBlock, type AdamHyper, type Backend, type BinaryOp, type Conv2DInfo, type DataArray, type MatMulInfo, type Shape } from '@rectify/core';
import type { NativeAddon } from './addon.js';

/** Conv2DInfo as the 15 int32s the add-on reads, in the interface's field order. */
function geometry(c: Conv2DInfo): Int32Array {
  return Int32Array.of(c.batch, c.inHeight, c.inWidth, c.inChannels, c.outHeight, c.outWidth, c.outChannels, c.kernelHeight, c.kernelWidth,
    c.strideHeight, c.strideWidth, c.dilationHeight, c.dilationWidth, c.padTop, c.padLeft);
}

const rows = (c: Conv2DInfo) => c.batch * c.outHeight * c.outWidth;
const patch = (c: Conv2DInfo) => c.kernelHeight * c.kernelWidth * c.inChannels;

/**
 * `base` with GEMM and convolution through the add-on (OpenBLAS), and the elementwise work around them
 * (bias + ReLU, ReLU's backward, the Adam step) in C, on the operands' own memory: nothing copied in, the
 * result written straight into the array returned. Float64 operands keep `base`'s kernels.
 */
export function createNativeBackend(addon: NativeAddon, base: Backend): Backend {
  const f32 = (...xs: DataArray[]): boolean => xs.every((x) => x instanceof Float32Array);
  const conv2d = (x: Float32Array, w: Float32Array, c: Conv2DInfo): Float32Array => {
    const out = new Float32Array(rows(c) * c.outChannels);
    addon.conv2d(x, w, out, geometry(c));
    return out;
  };
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
      return f32(x, w) ? conv2d(x as Float32Array, w as Float32Array, c) : base.conv2d(x, w, c);
    },
    conv2dAddRelu(x: DataArray, w: DataArray, bias: DataArray, c: Conv2DInfo): DataArray {
      if (!f32(x, w, bias)) return base.conv2dAddRelu(x, w, bias, c);
      const out = conv2d(x as Float32Array, w as Float32Array, c);
      addon.addRelu(out, bias as Float32Array, out);
      return out;
    },
    // bias + ReLU (a bias row under the output) and ReLU's backward (same shapes) in C; the rest in base
    binary(op: BinaryOp, a: DataArray, aShape: Shape, b: DataArray, bShape: Shape, outShape: Shape): DataArray {
      const n = sizeOf(outShape);
      const whole = n > 0 && a.length === n && f32(a, b);
      const kernel = op === 'reluGrad' && b.length === n ? addon.reluGrad : op === 'addRelu' && trailingBlock(bShape, outShape) === b.length ? addon.addRelu : null;
      if (!whole || !kernel) return base.binary(op, a, aShape, b, bShape, outShape);
      const out = new Float32Array(n);
      kernel(a as Float32Array, b as Float32Array, out);
      return out;
    },
    reluGradBias(dy: DataArray, y: DataArray, channels: number): { dz: DataArray; dbias: DataArray } {
      if (!f32(dy, y) || dy.length !== y.length || channels === 0 || dy.length % channels !== 0) return base.reluGradBias(dy, y, channels);
      const dz = new Float32Array(dy.length);
      const dbias = new Float32Array(channels);
      addon.reluGradBias(dy as Float32Array, y as Float32Array, dz, dbias);
      return { dz, dbias };
    },
    // optimizer state in ordinary arrays: the add-on updates any Float32Array in place
    optimizerSlot: (size: number): DataArray => new Float32Array(size),
    adamUpdate(p: DataArray, g: DataArray, m: DataArray, v: DataArray, h: AdamHyper): boolean {
      if (!f32(p, g, m, v)) return false;
      addon.adam(p as Float32Array, g as Float32Array, m as Float32Array, v as Float32Array, (h.lr * Math.sqrt(h.biasCorrection2)) / h.biasCorrection1, h.beta1, h.beta2, h.epsilon);
      return true;
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
