// Fused optimizer updates over float32 parameters, in place.

/**
 * Adam: m += (1 - b1)(g - m); v += (1 - b2)(g^2 - v); p -= alpha m / (sqrt(v) + eps), where alpha
 * already holds the bias corrections (lr sqrt(1 - b2^t) / (1 - b1^t)), as in Keras.
 */
export function adam(p: usize, g: usize, m: usize, v: usize, n: i32, alpha: f32, beta1: f32, beta2: f32, epsilon: f32): void {
  const c1 = f32x4.splat(1 - beta1), c2 = f32x4.splat(1 - beta2);
  const a = f32x4.splat(alpha), e = f32x4.splat(epsilon);
  const vec = n & ~3;
  for (let i = 0; i < vec; i += 4) {
    const at = <usize>i << 2;
    const gi = v128.load(g + at);
    const mi = f32x4.add(v128.load(m + at), f32x4.mul(c1, f32x4.sub(gi, v128.load(m + at))));
    const vi = f32x4.add(v128.load(v + at), f32x4.mul(c2, f32x4.sub(f32x4.mul(gi, gi), v128.load(v + at))));
    v128.store(m + at, mi);
    v128.store(v + at, vi);
    v128.store(p + at, f32x4.sub(v128.load(p + at), f32x4.div(f32x4.mul(a, mi), f32x4.add(f32x4.sqrt(vi), e))));
  }
  for (let i = vec; i < n; i++) {
    const at = <usize>i << 2;
    const gi = load<f32>(g + at);
    const mi = load<f32>(m + at) + (1 - beta1) * (gi - load<f32>(m + at));
    const vi = load<f32>(v + at) + (1 - beta2) * (gi * gi - load<f32>(v + at));
    store<f32>(m + at, mi);
    store<f32>(v + at, vi);
    store<f32>(p + at, load<f32>(p + at) - (alpha * mi) / (Mathf.sqrt(vi) + epsilon));
  }
}
