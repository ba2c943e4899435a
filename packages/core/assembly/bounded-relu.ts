// ReLU capped at a maximum (ReLU6 and Keras's ReLU(maxValue)) in one pass: min(max(x, 0), cap), NaN kept.

/** out[i] = min(max(x[i], 0), cap) for n values; f32x4 min and max propagate NaN, as the JS kernel. */
export function boundedRelu(x: usize, n: i32, cap: f32, out: usize): void {
  const zero = f32x4.splat(0), top = f32x4.splat(cap);
  const vec = n & ~3;
  for (let i = 0; i < vec; i += 4) {
    const at = <usize>i << 2;
    v128.store(out + at, f32x4.min(f32x4.max(v128.load(x + at), zero), top));
  }
  for (let i = vec; i < n; i++) {
    const at = <usize>i << 2;
    store<f32>(out + at, Mathf.min(Mathf.max(load<f32>(x + at), 0), cap));
  }
}
