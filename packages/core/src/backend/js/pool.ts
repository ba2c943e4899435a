import { allocate, dtypeOf, type DataArray } from '../../dtype.js';
import type { Conv2DInfo } from '../backend.js';

// Pooling windows exclude padding (as TF and Keras): a 'same' window at the border pools only real pixels.

function forEachWindow(c: Conv2DInfo, visit: (outIndex: number, b: number, y0: number, y1: number, x0: number, x1: number) => void): void {
  let o = 0;
  for (let b = 0; b < c.batch; b++)
    for (let oy = 0; oy < c.outHeight; oy++) {
      const yStart = oy * c.strideHeight - c.padTop;
      const y0 = Math.max(yStart, 0);
      const y1 = Math.min(yStart + c.kernelHeight, c.inHeight);
      for (let ox = 0; ox < c.outWidth; ox++, o += c.inChannels) {
        const xStart = ox * c.strideWidth - c.padLeft;
        visit(o, b, y0, y1, Math.max(xStart, 0), Math.min(xStart + c.kernelWidth, c.inWidth));
      }
    }
}

export function maxPool(x: DataArray, c: Conv2DInfo): { values: DataArray; indices: Int32Array } {
  const idx = new Int32Array(c.batch * c.outHeight * c.outWidth * c.inChannels);
  const values = allocate(dtypeOf(x), idx.length);
  const C = c.inChannels;
  forEachWindow(c, (o, b, y0, y1, x0, x1) => {
    for (let ch = 0; ch < C; ch++) {
      let best = -Infinity;
      let bestIdx = ((b * c.inHeight + y0) * c.inWidth + x0) * C + ch;
      for (let y = y0; y < y1; y++)
        for (let xx = x0; xx < x1; xx++) {
          const i = ((b * c.inHeight + y) * c.inWidth + xx) * C + ch;
          const v = x[i];
          // the first NaN wins and stays (max pooling propagates NaN, as max and maximum do)
          if (v > best || (v !== v && best === best)) { best = v; bestIdx = i; }
        }
      idx[o + ch] = bestIdx;
      values[o + ch] = x[bestIdx];
    }
  });
  return { values, indices: idx };
}

export function avgPool(x: DataArray, c: Conv2DInfo): DataArray {
  const out = allocate(dtypeOf(x), c.batch * c.outHeight * c.outWidth * c.inChannels);
  const C = c.inChannels;
  forEachWindow(c, (o, b, y0, y1, x0, x1) => {
    const inv = 1 / ((y1 - y0) * (x1 - x0));
    for (let y = y0; y < y1; y++)
      for (let xx = x0; xx < x1; xx++) {
        const i = ((b * c.inHeight + y) * c.inWidth + xx) * C;
        for (let ch = 0; ch < C; ch++) out[o + ch] += x[i + ch] * inv;
      }
  });
  return out;
}

export function avgPoolBackprop(dy: DataArray, c: Conv2DInfo): DataArray {
  const dx = allocate(dtypeOf(dy), c.batch * c.inHeight * c.inWidth * c.inChannels);
  const C = c.inChannels;
  forEachWindow(c, (o, b, y0, y1, x0, x1) => {
    const inv = 1 / ((y1 - y0) * (x1 - x0));
    for (let y = y0; y < y1; y++)
      for (let xx = x0; xx < x1; xx++) {
        const i = ((b * c.inHeight + y) * c.inWidth + xx) * C;
        for (let ch = 0; ch < C; ch++) dx[i + ch] += dy[o + ch] * inv;
      }
  });
  return dx;
}
