// Per-feature affine map over the last axis, clamped: out[r, c] = min(max(x[r, c] * scale[c] + shift[c], lo), hi)
// (a BatchNormalization at inference with its statistics folded into scale and shift; lo = 0 and hi = a cap
// fold in the ReLU after it), one pass over x. NaN stays NaN: f32x4 min and max propagate it.

/** For `n` values of x in rows of `channels`; vectors of four when a row is whole vectors. */
export function scaleShift(x: usize, n: i32, scale: usize, shift: usize, channels: i32, lo: f32, hi: f32, out: usize): void {
  const bottom = f32x4.splat(lo), top = f32x4.splat(hi);
  if ((channels & 3) == 0) {
    for (let r = 0; r < n; r += channels) {
      const row = <usize>r << 2;
      for (let c = 0; c < channels; c += 4) {
        const at = <usize>c << 2;
        const y = f32x4.add(f32x4.mul(v128.load(x + row + at), v128.load(scale + at)), v128.load(shift + at));
        v128.store(out + row + at, f32x4.min(f32x4.max(y, bottom), top));
      }
    }
    return;
  }
  for (let i = 0, c = 0; i < n; i++) {
    const at = <usize>c << 2;
    store<f32>(out + (<usize>i << 2), Mathf.min(Mathf.max(load<f32>(x + (<usize>i << 2)) * load<f32>(scale + at) + load<f32>(shift + at), lo), hi));
    if (++c == channels) c = 0;
  }
}
