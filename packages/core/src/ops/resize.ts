import { allocate } from '../dtype.js';
import { formatShape } from '../shape.js';
import { Tensor } from '../tensor.js';
import { add, mul } from './arithmetic.js';
import { gatherFlat } from './layout.js';
import { asTensor } from './operands.js';
import { checkOptions } from './options.js';
import { reshape } from './reshape.js';

// Both resizes are gathers of input pixels (bilinear: four, weighted), so their gradients scatter back
// exactly and gradients of gradients come for free. Source coordinates follow TF.js's kernels.

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

interface Axis {
  /** Lower and upper source index of each output position, and the weight of the upper one. */
  lo: Int32Array;
  hi: Int32Array;
  frac: Float64Array;
}

function sourceAxis(inSize: number, outSize: number, o: Required<ResizeOptions>, nearest: boolean): Axis {
  const scale = o.alignCorners && outSize > 1 ? (inSize - 1) / (outSize - 1) : inSize / outSize;
  const axis = { lo: new Int32Array(outSize), hi: new Int32Array(outSize), frac: new Float64Array(outSize) };
  for (let i = 0; i < outSize; i++) {
    if (nearest) {
      const src = o.halfPixelCenters ? scale * (i + 0.5) : scale * i;
      const near = Math.min(inSize - 1, o.alignCorners ? Math.round(src) : Math.floor(src));
      axis.lo[i] = axis.hi[i] = Math.max(0, near);
      continue;
    }
    const src = o.halfPixelCenters ? scale * (i + 0.5) - 0.5 : scale * i;
    const lo = Math.max(0, Math.floor(src));
    axis.lo[i] = lo;
    axis.hi[i] = Math.min(inSize - 1, Math.ceil(src));
    axis.frac[i] = src - lo;
  }
  return axis;
}

function prepare(op: string, x: Tensor, size: readonly number[], options: ResizeOptions) {
  const xt = asTensor(op, x);
  if (xt.rank !== 4 && xt.rank !== 3) throw new Error(`${op}: expected an NHWC input of rank 4 (or an HWC image of rank 3), got shape ${formatShape(xt.shape)}`);
  if (!Array.isArray(size) || size.length !== 2 || size.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new Error(`${op}: size must be [newHeight, newWidth] of positive integers, got ${JSON.stringify(size)}`);
  }
  checkOptions(op, options, ['alignCorners', 'halfPixelCenters']);
  const o = { alignCorners: options.alignCorners ?? false, halfPixelCenters: options.halfPixelCenters ?? false };
  if (typeof o.alignCorners !== 'boolean' || typeof o.halfPixelCenters !== 'boolean') {
    throw new Error(`${op}: alignCorners and halfPixelCenters must be booleans, got ${JSON.stringify(options)}`);
  }
  if (o.alignCorners && o.halfPixelCenters) throw new Error(`${op}: alignCorners and halfPixelCenters cannot both be true`);
  const x4 = xt.rank === 4 ? xt : reshape(xt, [1, ...xt.shape]);
  const [batch, height, width, channels] = x4.shape;
  const outShape = [batch, size[0], size[1], channels];
  const finish = (y: Tensor) => (xt.rank === 4 ? y : reshape(y, outShape.slice(1)));
  return { x4, height, width, channels, batch, outShape, o, finish };
}

/** Flat NHWC indices of the pixels (rows[oy], cols[ox]) for every batch, output pixel and channel. */
function pixelIndices(batch: number, height: number, width: number, channels: number, rows: Int32Array, cols: Int32Array): Int32Array {
  const idx = new Int32Array(batch * rows.length * cols.length * channels);
  let k = 0;
  for (let b = 0; b < batch; b++)
    for (let oy = 0; oy < rows.length; oy++)
      for (let ox = 0; ox < cols.length; ox++) {
        const base = ((b * height + rows[oy]) * width + cols[ox]) * channels;
        for (let c = 0; c < channels; c++) idx[k++] = base + c;
      }
  return idx;
}

/**
 * Nearest-neighbour resize of NHWC images to [newHeight, newWidth] (UpSampling2D 'nearest'): each output
 * pixel copies the input pixel its source coordinate falls in; the gradient sums back into that pixel.
 * @example resizeNearestNeighbor(tensor([[[[1], [2]]]]), [1, 4]).dataSync() // [1, 1, 2, 2]
 */
export function resizeNearestNeighbor(x: Tensor, size: readonly [number, number], options: ResizeOptions = {}): Tensor {
  const p = prepare('resizeNearestNeighbor', x, size, options);
  const rows = sourceAxis(p.height, size[0], p.o, true);
  const cols = sourceAxis(p.width, size[1], p.o, true);
  return p.finish(gatherFlat(p.x4, pixelIndices(p.batch, p.height, p.width, p.channels, rows.lo, cols.lo), p.outShape));
}

/**
 * Bilinear resize of NHWC images to [newHeight, newWidth] (UpSampling2D 'bilinear', Keras Resizing): with
 * source coordinate (y, x) between pixels y0 <= y <= y1 and x0 <= x <= x1, fy = y - y0, fx = x - x0,
 * out = (1 - fy)(1 - fx) p00 + (1 - fy) fx p01 + fy (1 - fx) p10 + fy fx p11. Linear in x, so its
 * gradient spreads dy back over the same four pixels with the same weights.
 * @example resizeBilinear(tensor([[[[0], [1]]]]), [1, 4], { halfPixelCenters: true }).dataSync() // [0, 0.25, 0.75, 1]
 */
export function resizeBilinear(x: Tensor, size: readonly [number, number], options: ResizeOptions = {}): Tensor {
  const p = prepare('resizeBilinear', x, size, options);
  const rows = sourceAxis(p.height, size[0], p.o, false);
  const cols = sourceAxis(p.width, size[1], p.o, false);
  const corners: Array<[Int32Array, Int32Array, (fy: number, fx: number) => number]> = [
    [rows.lo, cols.lo, (fy, fx) => (1 - fy) * (1 - fx)],
    [rows.lo, cols.hi, (fy, fx) => (1 - fy) * fx],
    [rows.hi, cols.lo, (fy, fx) => fy * (1 - fx)],
    [rows.hi, cols.hi, (fy, fx) => fy * fx],
  ];
  let out: Tensor | null = null;
  for (const [r, c, weightOf] of corners) {
    const weights = allocate(p.x4.dtype, size[0] * size[1]);
    for (let i = 0; i < weights.length; i++) weights[i] = weightOf(rows.frac[Math.floor(i / size[1])], cols.frac[i % size[1]]);
    const w = new Tensor(weights, [size[0], size[1], 1]);
    const term = mul(gatherFlat(p.x4, pixelIndices(p.batch, p.height, p.width, p.channels, r, c), p.outShape), w);
    out = out ? add(out, term) : term;
  }
  return p.finish(out!);
}
