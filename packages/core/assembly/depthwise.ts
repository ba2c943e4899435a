// Depthwise convolution over NHWC float32 data, without a patch matrix: input channel c meets only its
// own `mult` filters, out[.., c * mult + q] = sum over the window of x[.., c] * w[ky, kx, c, q]. The
// geometry comes packed in 15 int32s at `info` (Conv2DInfo's field order, see backend/wasm/conv.ts).

// @ts-ignore: decorator
@inline function g(info: usize, i: i32): i32 {
  return load<i32>(info + (<usize>i << 2));
}

const BATCH = 0, IN_H = 1, IN_W = 2, IN_C = 3, OUT_H = 4, OUT_W = 5, OUT_C = 6, KH = 7, KW = 8;
const STRIDE_H = 9, STRIDE_W = 10, DIL_H = 11, DIL_W = 12, PAD_T = 13, PAD_L = 14;

/**
 * mode 0 (forward): a = x, b = w, out = y. mode 1 (input gradient): a = dy, b = w, out = dx.
 * mode 2 (filter gradient): a = x, b = dy, out = dw. One loop nest over (output pixel, kernel tap) pairs
 * inside the input serves all three, so they stay exact adjoints of each other.
 */
export function depthwiseConv2d(a: usize, b: usize, out: usize, info: usize, mode: i32): void {
  const inH = g(info, IN_H), inW = g(info, IN_W), C = g(info, IN_C), kh = g(info, KH), kw = g(info, KW), outC = g(info, OUT_C);
  if (mode == 1) memory.fill(out, 0, (<usize>(g(info, BATCH) * inH * inW) * <usize>C) << 2);
  else if (mode == 2) memory.fill(out, 0, (<usize>(kh * kw) * <usize>outC) << 2);
  depthwiseRows(a, b, out, info, mode, 0, g(info, BATCH) * g(info, OUT_H));
}

/**
 * The forward pass over output rows [r0, r1) of the batch's stacked rows (r = image * outH + oy): rows
 * write disjoint outputs, so threads can share a forward pass by rows. The gradients accumulate into
 * shared outputs and run as one call.
 */
export function depthwiseForwardRows(x: usize, w: usize, y: usize, info: usize, r0: i32, r1: i32): void {
  depthwiseRows(x, w, y, info, 0, r0, r1);
}

// The loop nest over output rows [r0, r1), the geometry in locals (loads from `info` inside the loops
// could not be hoisted past the stores).
// @ts-ignore: decorator
@inline function depthwiseRows(a: usize, b: usize, out: usize, info: usize, mode: i32, r0: i32, r1: i32): void {
  const inH = g(info, IN_H), inW = g(info, IN_W), C = g(info, IN_C), outH = g(info, OUT_H), outW = g(info, OUT_W), outC = g(info, OUT_C);
  const kh = g(info, KH), kw = g(info, KW), sh = g(info, STRIDE_H), sw = g(info, STRIDE_W);
  const dh = g(info, DIL_H), dw = g(info, DIL_W), pt = g(info, PAD_T), pl = g(info, PAD_L);
  const m = outC / C;
  const rowOutputs = <usize>outW * <usize>outC;
  if (mode == 0 && m != 1) memory.fill(out + ((<usize>r0 * rowOutputs) << 2), 0, (<usize>(r1 - r0) * rowOutputs) << 2);
  for (let r = r0; r < r1; r++) {
    const bi = r / outH, oy = r % outH;
    const y0 = oy * sh - pt;
    let o: usize = <usize>r * rowOutputs; // element offset of the output pixel
    for (let ox = 0; ox < outW; ox++, o += <usize>outC) {
      const x0 = ox * sw - pl;
      if (m == 1 && mode == 0) {
        forwardPixel(a, b, out + (o << 2), bi, y0, x0, inH, inW, C, kh, kw, dh, dw);
        continue;
      }
      for (let ky = 0; ky < kh; ky++) {
        const iy = y0 + ky * dh;
        if (iy < 0 || iy >= inH) continue; // zero padding
        for (let kx = 0; kx < kw; kx++) {
          const ix = x0 + kx * dw;
          if (ix < 0 || ix >= inW) continue;
          const i = <usize>((bi * inH + iy) * inW + ix) * <usize>C; // input pixel
          const t = <usize>(ky * kw + kx) * <usize>outC; // filter tap
          if (m == 1) tap1(a, b, out, mode, o << 2, i << 2, t << 2, C);
          else tapMult(a, b, out, mode, o, i, t, C, m);
        }
      }
    }
  }
}

// One output pixel of the forward pass with a multiplier of 1: per block of 4 channels, the taps are
// summed in registers and stored once.
// @ts-ignore: decorator
@inline function forwardPixel(x: usize, w: usize, y: usize, bi: i32, y0: i32, x0: i32, inH: i32, inW: i32, C: i32, kh: i32, kw: i32, dh: i32, dw: i32): void {
  let c = 0;
  for (; c + 4 <= C; c += 4) {
    let acc = f32x4.splat(0);
    const at = <usize>c << 2;
    for (let ky = 0; ky < kh; ky++) {
      const iy = y0 + ky * dh;
      if (iy < 0 || iy >= inH) continue;
      for (let kx = 0; kx < kw; kx++) {
        const ix = x0 + kx * dw;
        if (ix < 0 || ix >= inW) continue;
        const xv = v128.load(x + ((<usize>((bi * inH + iy) * inW + ix) * <usize>C) << 2) + at);
        const wv = v128.load(w + ((<usize>(ky * kw + kx) * <usize>C) << 2) + at);
        acc = f32x4.add(acc, f32x4.mul(xv, wv));
      }
    }
    v128.store(y + at, acc);
  }
  for (; c < C; c++) {
    let acc: f32 = 0;
    const at = <usize>c << 2;
    for (let ky = 0; ky < kh; ky++) {
      const iy = y0 + ky * dh;
      if (iy < 0 || iy >= inH) continue;
      for (let kx = 0; kx < kw; kx++) {
        const ix = x0 + kx * dw;
        if (ix < 0 || ix >= inW) continue;
        acc += load<f32>(x + ((<usize>((bi * inH + iy) * inW + ix) * <usize>C) << 2) + at) * load<f32>(w + ((<usize>(ky * kw + kx) * <usize>C) << 2) + at);
      }
    }
    store<f32>(y + at, acc);
  }
}

// The two gradients of one (output pixel, tap) pair with a multiplier of 1; o, i, t are byte offsets.
// mode 1: dx[i + c] += dy[o + c] * w[t + c]. mode 2: dw[t + c] += x[i + c] * dy[o + c].
// @ts-ignore: decorator
@inline function tap1(a: usize, b: usize, out: usize, mode: i32, o: usize, i: usize, t: usize, C: i32): void {
  const src1 = mode == 1 ? a + o : a + i;
  const src2 = mode == 1 ? b + t : b + o;
  const dst = mode == 1 ? out + i : out + t;
  let c = 0;
  for (; c + 4 <= C; c += 4) {
    const at = <usize>c << 2;
    v128.store(dst + at, f32x4.add(v128.load(dst + at), f32x4.mul(v128.load(src1 + at), v128.load(src2 + at))));
  }
  for (; c < C; c++) {
    const at = <usize>c << 2;
    store<f32>(dst + at, load<f32>(dst + at) + load<f32>(src1 + at) * load<f32>(src2 + at));
  }
}

// One (output pixel, tap) pair for every mode with a multiplier m > 1; o, i, t are element offsets.
// @ts-ignore: decorator
@inline function tapMult(a: usize, b: usize, out: usize, mode: i32, o: usize, i: usize, t: usize, C: i32, m: i32): void {
  for (let c = 0; c < C; c++) {
    const ci = (i + <usize>c) << 2;
    const base = <usize>(c * m);
    if (mode == 1) {
      let s: f32 = 0;
      for (let q: usize = 0; q < <usize>m; q++) s += load<f32>(a + ((o + base + q) << 2)) * load<f32>(b + ((t + base + q) << 2));
      store<f32>(out + ci, load<f32>(out + ci) + s);
      continue;
    }
    const xv = load<f32>(a + ci);
    for (let q: usize = 0; q < <usize>m; q++) {
      const d = mode == 0 ? out + ((o + base + q) << 2) : out + ((t + base + q) << 2);
      const other = mode == 0 ? load<f32>(b + ((t + base + q) << 2)) : load<f32>(b + ((o + base + q) << 2));
      store<f32>(d, load<f32>(d) + xv * other);
    }
  }
}
