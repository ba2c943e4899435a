// Convolution geometry helpers for im2col + GEMM, and pooling over NHWC float32 data. The geometry
// comes packed in 15 int32s at `info` (the order of Conv2DInfo's fields, see backend/wasm/conv.ts).

// @ts-ignore: decorator
@inline function g(info: usize, i: i32): i32 {
  return load<i32>(info + (<usize>i << 2));
}

// Field indices of the packed geometry.
const BATCH = 0, IN_H = 1, IN_W = 2, IN_C = 3, OUT_H = 4, OUT_W = 5, KH = 7, KW = 8;
const STRIDE_H = 9, STRIDE_W = 10, DIL_H = 11, DIL_W = 12, PAD_T = 13, PAD_L = 14;

/**
 * adjoint 0 (im2col): cols[batch*outH*outW, kh*kw*inC] = the receptive field of each output pixel (zeros
 * outside the image). adjoint 1 (col2im): x = the sum of the patch entries that came from each pixel.
 * One loop nest for both, so the pair stays exact adjoints.
 */
export function im2col(x: usize, info: usize, cols: usize, adjoint: i32): void {
  // the geometry in locals: loads from `info` inside the loops could not be hoisted past the stores
  const batch = g(info, BATCH), inH = g(info, IN_H), inW = g(info, IN_W), C = g(info, IN_C);
  const outH = g(info, OUT_H), outW = g(info, OUT_W), kh = g(info, KH), kw = g(info, KW);
  const sh = g(info, STRIDE_H), sw = g(info, STRIDE_W), dh = g(info, DIL_H), dw = g(info, DIL_W);
  const pt = g(info, PAD_T), pl = g(info, PAD_L);
  const rowBytes = <usize>C << 2;
  const spanBytes = <usize>kw * rowBytes; // one kernel row of a patch
  if (adjoint) memory.fill(x, 0, <usize>(batch * inH * inW) * rowBytes);
  // a kernel row of at most four floats (3x3 over one channel) is copied as one vector: cols must have 16
  // bytes of slack (IM2COL_SLACK), and x is read up to 12 bytes past its end (memory the caller owns)
  const quad = kw * C <= 4;
  const pixelRowBytes = <usize>inW * rowBytes;
  let o = cols;
  for (let b = 0; b < batch; b++)
    for (let oy = 0; oy < outH; oy++) {
      const iyTop = oy * sh - pt;
      const quadRows = quad && !adjoint && dh == 1 && dw == 1 && iyTop >= 0 && iyTop + kh <= inH;
      for (let ox = 0; ox < outW; ox++) {
        const left = ox * sw - pl;
        if (quadRows && left >= 0 && left + kw <= inW) {
          // the whole window inside the image: its kernel rows one vector each, a pixel row apart
          let pixel = x + <usize>((b * inH + iyTop) * inW + left) * rowBytes;
          for (let ky = 0; ky < kh; ky++, o += spanBytes, pixel += pixelRowBytes) v128.store(o, v128.load(pixel));
          continue;
        }
        for (let ky = 0; ky < kh; ky++) {
          const iy = oy * sh + ky * dh - pt;
          const ix0 = ox * sw - pl;
          if (iy < 0 || iy >= inH) {
            if (!adjoint) memory.fill(o, 0, spanBytes);
            o += spanBytes;
            continue;
          }
          const rowStart = x + <usize>((b * inH + iy) * inW) * rowBytes;
          if (dw == 1 && ix0 >= 0 && ix0 + kw <= inW) {
            // the kernel row lies inside the image: kw pixels of C channels are contiguous in x and in cols
            const pixel = rowStart + <usize>ix0 * rowBytes;
            if (adjoint) accumulate(pixel, o, kw * C);
            else if (quad) v128.store(o, v128.load(pixel)); // up to 12 bytes over: the next span's, or the slack
            else copyFloats(o, pixel, kw * C);
            o += spanBytes;
            continue;
          }
          for (let kx = 0; kx < kw; kx++, o += rowBytes) {
            const ix = ix0 + kx * dw;
            const outside = ix < 0 || ix >= inW;
            const pixel = rowStart + <usize>ix * rowBytes;
            if (adjoint) {
              if (!outside) accumulate(pixel, o, C);
            } else if (outside) memory.fill(o, 0, rowBytes);
            else copyFloats(o, pixel, C);
          }
        }
      }
    }
}

// dst[0..n) = src[0..n): short runs (a few channels of a few pixels) in registers, long ones by memory.copy
// @ts-ignore: decorator
@inline function copyFloats(dst: usize, src: usize, n: i32): void {
  if (n > 16) {
    memory.copy(dst, src, <usize>n << 2);
    return;
  }
  let c = 0;
  for (; c + 4 <= n; c += 4) v128.store(dst + (<usize>c << 2), v128.load(src + (<usize>c << 2)));
  for (; c < n; c++) store<f32>(dst + (<usize>c << 2), load<f32>(src + (<usize>c << 2)));
}

// dst[0..n) += src[0..n)
// @ts-ignore: decorator
@inline function accumulate(dst: usize, src: usize, n: i32): void {
  let c = 0;
  for (; c + 4 <= n; c += 4) {
    const at = <usize>c << 2;
    v128.store(dst + at, f32x4.add(v128.load(dst + at), v128.load(src + at)));
  }
  for (; c < n; c++) {
    const at = <usize>c << 2;
    store<f32>(dst + at, load<f32>(dst + at) + load<f32>(src + at));
  }
}

/**
 * Average pooling; windows exclude padding (as TF and Keras). mode 1: the average into `out`; mode 2: its
 * backprop, spreading each window's gradient (x holds dy) evenly over its pixels in `out` (dx).
 */
export function pool2d(x: usize, info: usize, out: usize, mode: i32): void {
  const inH = g(info, IN_H), inW = g(info, IN_W), C = g(info, IN_C);
  if (mode == 2) memory.fill(out, 0, (<usize>(g(info, BATCH) * inH * inW) * <usize>C) << 2);
  let o = 0;
  for (let b = 0; b < g(info, BATCH); b++)
    for (let oy = 0; oy < g(info, OUT_H); oy++) {
      const yStart = oy * g(info, STRIDE_H) - g(info, PAD_T);
      const y0 = max(yStart, 0), y1 = min(yStart + g(info, KH), inH);
      for (let ox = 0; ox < g(info, OUT_W); ox++, o += C) {
        const xStart = ox * g(info, STRIDE_W) - g(info, PAD_L);
        const x0 = max(xStart, 0), x1 = min(xStart + g(info, KW), inW);
        const inv: f32 = 1 / <f32>((y1 - y0) * (x1 - x0));
        for (let ch = 0; ch < C; ch++) {
          const share = mode == 2 ? load<f32>(x + (<usize>(o + ch) << 2)) * inv : 0;
          let sum: f32 = 0;
          for (let y = y0; y < y1; y++)
            for (let xx = x0; xx < x1; xx++) {
              const i = ((b * inH + y) * inW + xx) * C + ch;
              if (mode == 2) {
                const d = out + (<usize>i << 2);
                store<f32>(d, load<f32>(d) + share);
                continue;
              }
              sum += load<f32>(x + (<usize>i << 2)) * inv;
            }
          if (mode == 1) store<f32>(out + (<usize>(o + ch) << 2), sum);
        }
      }
    }
}

/**
 * Max pooling: each window's maximum into `values` and its flat index in x into `indices` (int32). The
 * first maximum wins, and the first NaN wins and stays, as in the JS kernel; four channels at a time.
 * With `bias` (not 0: one float per channel) the result is what pooling relu(x + bias) gives, without a
 * pass of its own over x: each window's maximum of x + bias (the sums rounded as a bias pass would round
 * them, so the same maximum), then the ReLU. Only an index can differ, in a window whose pooled value is
 * 0 (every value clipped): there relu(x + bias) ties and the first would win, which no gradient tells apart
 * (a zero pooled value passes none).
 */
export function maxPool2d(x: usize, info: usize, values: usize, indices: usize, bias: usize): void {
  const batch = g(info, BATCH), inH = g(info, IN_H), inW = g(info, IN_W), C = g(info, IN_C);
  const outH = g(info, OUT_H), outW = g(info, OUT_W), kh = g(info, KH), kw = g(info, KW);
  const sh = g(info, STRIDE_H), sw = g(info, STRIDE_W), pt = g(info, PAD_T), pl = g(info, PAD_L);
  const vectorC = C & ~3;
  const lanes = i32x4(0, 1, 2, 3);
  const zero = f32x4.splat(0);
  let o = 0;
  for (let b = 0; b < batch; b++)
    for (let oy = 0; oy < outH; oy++) {
      const yStart = oy * sh - pt;
      const y0 = max(yStart, 0), y1 = min(yStart + kh, inH);
      for (let ox = 0; ox < outW; ox++, o += C) {
        const xStart = ox * sw - pl;
        const x0 = max(xStart, 0), x1 = min(xStart + kw, inW);
        const first = ((b * inH + y0) * inW + x0) * C;
        let ch = 0;
        // sixteen channels at a time: four independent compare-select chains keep the core busy (one chain
        // waits on each compare before the next value can be taken)
        for (; ch + 16 <= C; ch += 16) {
          const s0 = bias ? v128.load(bias + (<usize>ch << 2)) : zero, s1 = bias ? v128.load(bias + (<usize>ch << 2), 16) : zero;
          const s2 = bias ? v128.load(bias + (<usize>ch << 2), 32) : zero, s3 = bias ? v128.load(bias + (<usize>ch << 2), 48) : zero;
          let b0 = f32x4.splat(-Infinity), b1 = b0, b2 = b0, b3 = b0;
          let i0 = i32x4.add(i32x4.splat(first + ch), lanes);
          let i1 = i32x4.add(i0, i32x4.splat(4)), i2 = i32x4.add(i0, i32x4.splat(8)), i3 = i32x4.add(i0, i32x4.splat(12));
          for (let y = y0; y < y1; y++)
            for (let xx = x0, i = ((b * inH + y) * inW + x0) * C + ch; xx < x1; xx++, i += C) {
              const at = x + (<usize>i << 2);
              let v0 = v128.load(at), v1 = v128.load(at, 16), v2 = v128.load(at, 32), v3 = v128.load(at, 48);
              if (bias) {
                v0 = f32x4.add(v0, s0); v1 = f32x4.add(v1, s1); v2 = f32x4.add(v2, s2); v3 = f32x4.add(v3, s3);
              }
              const idx = i32x4.add(i32x4.splat(i), lanes);
              let t = takes(v0, b0);
              b0 = v128.bitselect(v0, b0, t); i0 = v128.bitselect(idx, i0, t);
              t = takes(v1, b1);
              b1 = v128.bitselect(v1, b1, t); i1 = v128.bitselect(i32x4.add(idx, i32x4.splat(4)), i1, t);
              t = takes(v2, b2);
              b2 = v128.bitselect(v2, b2, t); i2 = v128.bitselect(i32x4.add(idx, i32x4.splat(8)), i2, t);
              t = takes(v3, b3);
              b3 = v128.bitselect(v3, b3, t); i3 = v128.bitselect(i32x4.add(idx, i32x4.splat(12)), i3, t);
            }
          if (bias) {
            b0 = relu(b0); b1 = relu(b1); b2 = relu(b2); b3 = relu(b3);
          }
          const vo = values + (<usize>(o + ch) << 2), io = indices + (<usize>(o + ch) << 2);
          v128.store(vo, b0); v128.store(vo, b1, 16); v128.store(vo, b2, 32); v128.store(vo, b3, 48);
          v128.store(io, i0); v128.store(io, i1, 16); v128.store(io, i2, 32); v128.store(io, i3, 48);
        }
        for (; ch < vectorC; ch += 4) {
          const shift = bias ? v128.load(bias + (<usize>ch << 2)) : zero;
          let best = f32x4.splat(-Infinity);
          let bestIdx = i32x4.add(i32x4.splat(first + ch), lanes);
          for (let y = y0; y < y1; y++)
            for (let xx = x0; xx < x1; xx++) {
              const i = ((b * inH + y) * inW + xx) * C + ch;
              let v = v128.load(x + (<usize>i << 2));
              if (bias) v = f32x4.add(v, shift);
              const take = takes(v, best);
              best = v128.bitselect(v, best, take);
              bestIdx = v128.bitselect(i32x4.add(i32x4.splat(i), lanes), bestIdx, take);
            }
          if (bias) best = relu(best);
          v128.store(values + (<usize>(o + ch) << 2), best);
          v128.store(indices + (<usize>(o + ch) << 2), bestIdx);
        }
        for (; ch < C; ch++) {
          const shift: f32 = bias ? load<f32>(bias + (<usize>ch << 2)) : 0;
          let best: f32 = -Infinity;
          let bestIdx = first + ch;
          for (let y = y0; y < y1; y++)
            for (let xx = x0; xx < x1; xx++) {
              const i = ((b * inH + y) * inW + xx) * C + ch;
              let v = load<f32>(x + (<usize>i << 2));
              if (bias) v += shift;
              if (v > best || (v != v && best == best)) { best = v; bestIdx = i; }
            }
          if (bias) best = best > 0 || best != best ? best : 0;
          store<f32>(values + (<usize>(o + ch) << 2), best);
          store<i32>(indices + (<usize>(o + ch) << 2), bestIdx);
        }
      }
    }
}

// relu(v), NaN kept, -0 -> +0
// @ts-ignore: decorator
@inline function relu(v: v128): v128 {
  return v128.and(v, v128.or(f32x4.gt(v, f32x4.splat(0)), f32x4.ne(v, v)));
}

// The lanes where v replaces the window's best so far: greater, or the first NaN.
// @ts-ignore: decorator
@inline function takes(v: v128, best: v128): v128 {
  return v128.or(f32x4.gt(v, best), v128.and(f32x4.ne(v, v), f32x4.eq(best, best)));
}

/** dst[0, length) = 0, then dst[indices[i]] += src[i] for i < n: a pooled gradient sent back to its maxima. */
export function scatterAdd(dst: usize, length: i32, src: usize, indices: usize, n: i32): void {
  memory.fill(dst, 0, <usize>length << 2);
  for (let i = 0; i < n; i++) {
    const at = dst + (<usize>load<i32>(indices + (<usize>i << 2)) << 2);
    store<f32>(at, load<f32>(at) + load<f32>(src + (<usize>i << 2)));
  }
}
