import { Tensor, add, describeValue, gatherFlat, mul } from '@rectify/core';

// Projective image warps as TF's ImageProjectiveTransformV3 computes them (Keras's RandomRotation, RandomZoom and
// RandomTranslation use it): each image has 8 numbers [a0, a1, a2, b0, b1, b2, c0, c1] mapping an output pixel
// (x, y) to the input point ((a0 x + a1 y + a2) / k, (b0 x + b1 y + b2) / k), k = c0 x + c1 y + 1. Points
// outside the image are folded back by the fill mode; the result is linear in the input, so gradients flow.

/** How points outside the image are filled: mirrored ('reflect', d c b a | a b c d), repeated ('wrap'), a constant, or the edge pixel ('nearest'). */
export type FillMode = 'reflect' | 'wrap' | 'constant' | 'nearest';

/** Folds a coordinate into [0, len - 1] as TF's MapCoordinate does (unchanged for 'constant'). */
function mapCoordinate(coord: number, len: number, mode: FillMode): number {
  let c = coord;
  if (mode === 'constant') return c;
  if (mode === 'reflect') {
    if (c < 0) {
      if (len <= 1) c = 0;
      else {
        const sz2 = 2 * len;
        if (c < -sz2) c = sz2 * Math.trunc(-c / sz2) + c;
        c = c < -len ? c + sz2 : -c - 1;
      }
    } else if (c > len - 1) {
      if (len <= 1) c = 0;
      else {
        const sz2 = 2 * len;
        c -= sz2 * Math.trunc(c / sz2);
        if (c >= len) c = sz2 - c - 1;
      }
    }
  } else if (mode === 'wrap') {
    if (c < 0) {
      if (len <= 1) c = 0;
      else c += len * (Math.trunc(-c / (len - 1)) + 1);
    } else if (c > len - 1) {
      if (len <= 1) c = 0;
      else c -= len * Math.trunc(c / (len - 1));
    }
  }
  return Math.min(Math.max(c, 0), len - 1);
}

/**
 * Warps NHWC images, one 8-number projective transform per image (output pixel to input point), with
 * 'bilinear' or 'nearest' sampling; taps outside the image read `fillValue`.
 */
export function transformImages(x: Tensor, transforms: readonly (readonly number[])[], interpolation: 'bilinear' | 'nearest', fillMode: FillMode, fillValue = 0): Tensor {
  const [batch, height, width, channels] = x.shape;
  if (x.rank !== 4) throw new Error(`transformImages: expected NHWC images of rank 4, got shape [${x.shape.join(', ')}]`);
  if (transforms.length !== batch || transforms.some((t) => t.length !== 8 || t.some((v) => !Number.isFinite(v)))) {
    throw new Error(`transformImages: expected ${batch} transforms of 8 finite numbers, got ${describeValue(transforms)}`);
  }
  const n = x.size;
  const taps = interpolation === 'bilinear' ? 4 : 1;
  const index = Array.from({ length: taps }, () => new Int32Array(n));
  const weight = Array.from({ length: taps }, () => new Float64Array(n));
  const fill = new Float64Array(n);
  // one tap: weight w at (row, col); outside the image it reads the fill value
  const put = (k: number, at: number, row: number, col: number, w: number) => {
    if (row < 0 || row >= height || col < 0 || col >= width) {
      for (let c = 0; c < channels; c++) fill[at + c] += w * fillValue;
      return;
    }
    const base = ((Math.floor(at / (height * width * channels)) * height + row) * width + col) * channels;
    for (let c = 0; c < channels; c++) {
      index[k][at + c] = base + c;
      weight[k][at + c] = w;
    }
  };
  for (let b = 0; b < batch; b++) {
    const [a0, a1, a2, b0, b1, b2, c0, c1] = transforms[b];
    for (let i = 0; i < height; i++) {
      for (let j = 0; j < width; j++) {
        const at = ((b * height + i) * width + j) * channels;
        const k = c0 * j + c1 * i + 1;
        const xIn = mapCoordinate((a0 * j + a1 * i + a2) / k, width, fillMode);
        const yIn = mapCoordinate((b0 * j + b1 * i + b2) / k, height, fillMode);
        if (interpolation === 'nearest') {
          put(0, at, Math.round(yIn), Math.round(xIn), 1);
          continue;
        }
        const y0 = Math.floor(yIn);
        const x0 = Math.floor(xIn);
        const fy = yIn - y0;
        const fx = xIn - x0;
        put(0, at, y0, x0, (1 - fy) * (1 - fx));
        put(1, at, y0, x0 + 1, (1 - fy) * fx);
        put(2, at, y0 + 1, x0, fy * (1 - fx));
        put(3, at, y0 + 1, x0 + 1, fy * fx);
      }
    }
  }
  const asTensor = (values: Float64Array) => new Tensor(x.dtype === 'float64' ? values : Float32Array.from(values), x.shape);
  let out = mul(gatherFlat(x, index[0], x.shape), asTensor(weight[0]));
  for (let k = 1; k < taps; k++) out = add(out, mul(gatherFlat(x, index[k], x.shape), asTensor(weight[k])));
  return fillValue === 0 || fillMode !== 'constant' ? out : add(out, asTensor(fill));
}
