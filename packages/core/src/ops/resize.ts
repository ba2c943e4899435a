import { record } from '../autograd/record.js';
import type { ResizeInfo } from '../backend/backend.js';
import { formatShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { asTensor, kernels } from './operands.js';
import { checkOptions } from '../options.js';
import { reshape } from './reshape.js';

// Both resizes interpolate between at most four input pixels with weights fixed by the geometry: linear
// in x, so the backward is the adjoint kernel and its backward the forward again. Source coordinates
// follow TF.js's kernels.

/** Options of {@link resizeBilinear} and {@link resizeNearestNeighbor}. */
export interface ResizeOptions {
  /** Map the corner pixels of input and output onto each other: scale (in - 1) / (out - 1). Default false. */
  alignCorners?: boolean;
  /**
   * Treat pixels as squares sampled at their centers: source = (dst + 0.5) * scale - 0.5 (TF2's
   * tf.image.resize, so Keras UpSampling2D and Resizing use it). Default false, as TF.js.
   */
  halfPixelCenters?: boolean;
}

/** Lower and upper source index of each output position along one axis, and the weight of the upper one. */
function sourceAxis(inSize: number, outSize: number, alignCorners: boolean, halfPixelCenters: boolean, nearest: boolean) {
  const scale = alignCorners && outSize > 1 ? (inSize - 1) / (outSize - 1) : inSize / outSize;
  const lo = new Int32Array(outSize);
  const hi = new Int32Array(outSize);
  const frac = new Float64Array(outSize);
  for (let i = 0; i < outSize; i++) {
    if (nearest) {
      const src = halfPixelCenters ? scale * (i + 0.5) : scale * i;
      lo[i] = hi[i] = Math.max(0, Math.min(inSize - 1, alignCorners ? Math.round(src) : Math.floor(src)));
      continue;
    }
    const src = halfPixelCenters ? scale * (i + 0.5) - 0.5 : scale * i;
    lo[i] = Math.max(0, Math.floor(src));
    hi[i] = Math.min(inSize - 1, Math.ceil(src));
    frac[i] = lo[i] === hi[i] ? 0 : src - lo[i];
  }
  return { lo, hi, frac };
}

function resizeOp(op: string, x: Tensor, size: readonly number[], options: ResizeOptions, nearest: boolean): Tensor {
  const xt = asTensor(op, x);
  if (xt.rank !== 4 && xt.rank !== 3) throw new Error(`${op}: expected an NHWC input of rank 4 (or an HWC image of rank 3), got shape ${formatShape(xt.shape)}`);
  if (!Array.isArray(size) || size.length !== 2 || size.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new Error(`${op}: size must be [newHeight, newWidth] of positive integers, got ${JSON.stringify(size)}`);
  }
  checkOptions(op, options, ['alignCorners', 'halfPixelCenters']);
  const { alignCorners = false, halfPixelCenters = false } = options;
  if (typeof alignCorners !== 'boolean' || typeof halfPixelCenters !== 'boolean') {
    throw new Error(`${op}: alignCorners and halfPixelCenters must be booleans, got ${JSON.stringify(options)}`);
  }
  if (alignCorners && halfPixelCenters) throw new Error(`${op}: alignCorners and halfPixelCenters cannot both be true`);
  const x4 = xt.rank === 4 ? xt : reshape(xt, [1, ...xt.shape]);
  const [batch, inHeight, inWidth, channels] = x4.shape;
  const rows = sourceAxis(inHeight, size[0], alignCorners, halfPixelCenters, nearest);
  const cols = sourceAxis(inWidth, size[1], alignCorners, halfPixelCenters, nearest);
  const info: ResizeInfo = {
    batch, inHeight, inWidth, channels, outHeight: size[0], outWidth: size[1],
    rowLo: rows.lo, rowHi: rows.hi, rowFrac: rows.frac, colLo: cols.lo, colHi: cols.hi, colFrac: cols.frac,
  };
  const y = resizeWithInfo(op, x4, info);
  return xt.rank === 4 ? y : reshape(y, y.shape.slice(1));
}

function resizeWithInfo(op: string, x: Tensor, info: ResizeInfo): Tensor {
  const shape = [info.batch, info.outHeight, info.outWidth, info.channels];
  // dx = the same weights, transposed: each dy spread over the pixels it was read from
  return record(op, kernels().resize(x.values, info), shape, [x], (dy) => [resizeBackprop(op, dy, info)]);
}

function resizeBackprop(op: string, dy: Tensor, info: ResizeInfo): Tensor {
  const shape = [info.batch, info.inHeight, info.inWidth, info.channels];
  // d(dx) = resize(g): the adjoint of the adjoint
  return record(`${op}Backprop`, kernels().resizeBackprop(dy.values, info), shape, [dy], (g) => [resizeWithInfo(op, g, info)]);
}

/**
 * Nearest-neighbour resize of NHWC images to [newHeight, newWidth] (UpSampling2D 'nearest'): each output
 * pixel copies the input pixel its source coordinate falls in; the gradient sums back into that pixel.
 * @example resizeNearestNeighbor(tensor([[[[1], [2]]]]), [1, 4]).dataSync() // [1, 1, 2, 2]
 */
export function resizeNearestNeighbor(x: Tensor, size: readonly [number, number], options: ResizeOptions = {}): Tensor {
  return resizeOp('resizeNearestNeighbor', x, size, options, true);
}

/**
 * Bilinear resize of NHWC images to [newHeight, newWidth] (UpSampling2D 'bilinear', Keras Resizing): with
 * source coordinate (y, x) between pixels y0 <= y <= y1 and x0 <= x <= x1, fy = y - y0, fx = x - x0,
 * out = (1 - fy)(1 - fx) p00 + (1 - fy) fx p01 + fy (1 - fx) p10 + fy fx p11. Linear in x, so its
 * gradient spreads dy back over the same four pixels with the same weights.
 * @example resizeBilinear(tensor([[[[0], [1]]]]), [1, 4], { halfPixelCenters: true }).dataSync() // [0, 0.25, 0.75, 1]
 */
export function resizeBilinear(x: Tensor, size: readonly [number, number], options: ResizeOptions = {}): Tensor {
  return resizeOp('resizeBilinear', x, size, options, false);
}
