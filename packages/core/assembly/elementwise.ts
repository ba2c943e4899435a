// Elementwise float32 kernels. Op codes match UNARY_CODES / BINARY_CODES in backend/wasm/elementwise.ts.

// @ts-ignore: decorator
@inline function sigmoid(v: f32): f32 {
  // the branch keeps exp's argument <= 0, so neither side overflows
  if (v >= 0) return 1 / (1 + Mathf.exp(-v));
  const e = Mathf.exp(v);
  return e / (1 + e);
}

/** out[i] = op(x[i]) for n elements. 0 relu, 1 step, 2 neg, 3 abs, 4 square, 5 sqrt, 6 reciprocal, 7 exp, 8 log, 9 sigmoid, 10 tanh. */
export function unary(op: i32, x: usize, out: usize, n: i32): void {
  const zero = f32x4.splat(0);
  const one = f32x4.splat(1);
  const vec = op <= 6 ? n & ~3 : 0;
  for (let i = 0; i < vec; i += 4) {
    const at = <usize>i << 2;
    const v = v128.load(x + at);
    let r: v128;
    switch (op) {
      case 0: r = f32x4.max(v, zero); break; // NaN-propagating: relu(NaN) is NaN, as in the JS kernel
      case 1: r = v128.and(f32x4.gt(v, zero), one); break;
      case 2: r = f32x4.neg(v); break;
      case 3: r = f32x4.abs(v); break;
      case 4: r = f32x4.mul(v, v); break;
      case 5: r = f32x4.sqrt(v); break;
      default: r = f32x4.div(one, v);
    }
    v128.store(out + at, r);
  }
  for (let i = vec; i < n; i++) {
    const at = <usize>i << 2;
    const v = load<f32>(x + at);
    let r: f32;
    switch (op) {
      case 0: r = Mathf.max(v, 0); break;
      case 1: r = v > 0 ? 1 : 0; break;
      case 2: r = -v; break;
      case 3: r = Mathf.abs(v); break;
      case 4: r = v * v; break;
      case 5: r = Mathf.sqrt(v); break;
      case 6: r = 1 / v; break;
      case 7: r = Mathf.exp(v); break;
      case 8: r = Mathf.log(v); break;
      case 9: r = sigmoid(v); break;
      default: r = Mathf.tanh(v);
    }
    store<f32>(out + at, r);
  }
}

// @ts-ignore: decorator
@inline function apply4(op: i32, a: v128, b: v128): v128 {
  switch (op) {
    case 0: return f32x4.add(a, b);
    case 1: return f32x4.sub(a, b);
    case 2: return f32x4.mul(a, b);
    case 3: return f32x4.div(a, b);
    case 4: return f32x4.max(a, b); // NaN-propagating, as the JS kernel
    case 5: return f32x4.min(a, b);
    case 6: return v128.and(a, f32x4.gt(b, f32x4.splat(0))); // reluGrad: a where b > 0
    default: return f32x4.max(f32x4.add(a, b), f32x4.splat(0)); // addRelu
  }
}

/**
 * out[i] = a[i % aLen] op b[i % bLen] for n elements: each operand is the whole output or a trailing
 * block repeated (a bias row, a scalar). 0 add, 1 sub, 2 mul, 3 div, 4 maximum, 5 minimum,
 * 6 reluGrad (a where b > 0, else 0), 7 addRelu (relu(a + b)).
 */
export function binary(op: i32, a: usize, aLen: i32, b: usize, bLen: i32, out: usize, n: i32): void {
  // vectors work when each operand is a scalar (splat), the whole output, or a block whose length is a
  // multiple of 4 (so no vector straddles a repeat); anything else runs the scalar loop
  const aSplat = aLen == 1, bSplat = bLen == 1;
  const sa = aSplat ? f32x4.splat(load<f32>(a)) : f32x4.splat(0);
  const sb = bSplat ? f32x4.splat(load<f32>(b)) : f32x4.splat(0);
  if ((aSplat || aLen == n || (aLen & 3) == 0) && (bSplat || bLen == n || (bLen & 3) == 0)) {
    let ia = 0, ib = 0;
    const vec = n & ~3;
    for (let i = 0; i < vec; i += 4) {
      const va = aSplat ? sa : v128.load(a + (<usize>ia << 2));
      const vb = bSplat ? sb : v128.load(b + (<usize>ib << 2));
      v128.store(out + (<usize>i << 2), apply4(op, va, vb));
      ia += 4; if (ia >= aLen) ia = 0;
      ib += 4; if (ib >= bLen) ib = 0;
    }
    for (let i = vec; i < n; i++) scalarAt(op, a, aLen, b, bLen, out, i);
    return;
  }
  for (let i = 0; i < n; i++) scalarAt(op, a, aLen, b, bLen, out, i);
}

// @ts-ignore: decorator
@inline function scalarAt(op: i32, a: usize, aLen: i32, b: usize, bLen: i32, out: usize, i: i32): void {
  const x = load<f32>(a + (<usize>(i % aLen) << 2));
  const y = load<f32>(b + (<usize>(i % bLen) << 2));
  let r: f32;
  switch (op) {
    case 0: r = x + y; break;
    case 1: r = x - y; break;
    case 2: r = x * y; break;
    case 3: r = x / y; break;
    case 4: r = x != x || y != y ? NaN : x >= y ? x : y; break;
    case 5: r = x != x || y != y ? NaN : x <= y ? x : y; break;
    case 6: r = y > 0 ? x : 0; break;
    default: r = Mathf.max(x + y, 0);
  }
  store<f32>(out + (<usize>i << 2), r);
}

/**
 * ReLU's backward with the bias gradient in the same pass, for data of `rows` rows of `channels`:
 * dz = dy where y > 0 (else 0), and dbias[c] = the sum of dz[., c] over the rows, accumulated in the
 * float64 scratch `sums` (`channels` of them, 8-byte aligned).
 */
export function reluGradBias(dy: usize, y: usize, rows: i32, channels: i32, dz: usize, dbias: usize, sums: usize): void {
  memory.fill(sums, 0, <usize>channels << 3);
  const zero = f32x4.splat(0);
  const vec = channels & ~3;
  for (let r = 0; r < rows; r++) {
    const row = (<usize>r * <usize>channels) << 2;
    for (let c = 0; c < vec; c += 4) {
      const at = row + (<usize>c << 2);
      const g = v128.and(v128.load(dy + at), f32x4.gt(v128.load(y + at), zero));
      v128.store(dz + at, g);
      const s = sums + (<usize>c << 3);
      v128.store(s, f64x2.add(v128.load(s), f64x2.promote_low_f32x4(g)));
      v128.store(s, f64x2.add(v128.load(s, 16), f64x2.promote_low_f32x4(i32x4.shuffle(g, g, 2, 3, 0, 1))), 16);
    }
    for (let c = vec; c < channels; c++) {
      const at = row + (<usize>c << 2);
      const g: f32 = load<f32>(y + at) > 0 ? load<f32>(dy + at) : 0;
      store<f32>(dz + at, g);
      const s = sums + (<usize>c << 3);
      store<f64>(s, load<f64>(s) + <f64>g);
    }
  }
  for (let c = 0; c < channels; c++) store<f32>(dbias + (<usize>c << 2), <f32>load<f64>(sums + (<usize>c << 3)));
}
