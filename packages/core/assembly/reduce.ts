// Reductions of x viewed as [outer, red, inner] over the middle axis, and row-wise softmax.
// Sums accumulate in float64, so long sums keep their precision.

/**
 * 0 sum, 1 max, 2 min: out[o, j] = reduce over r of x[o, r, j]. NaN wins max and min, as in the JS
 * kernel. `sums` is scratch for `inner` float64s (8-byte aligned).
 */
export function reduce(op: i32, x: usize, outer: i32, red: i32, inner: i32, out: usize, sums: usize): void {
  if (inner == 1) {
    for (let o = 0; o < outer; o++) {
      const base = x + (<usize>o * <usize>red << 2);
      if (op == 0) {
        let s0: f64 = 0, s1: f64 = 0;
        let r = 0;
        for (; r + 1 < red; r += 2) {
          s0 += <f64>load<f32>(base + (<usize>r << 2));
          s1 += <f64>load<f32>(base + (<usize>r << 2), 4);
        }
        if (r < red) s0 += <f64>load<f32>(base + (<usize>r << 2));
        store<f32>(out + (<usize>o << 2), <f32>(s0 + s1));
      } else {
        let acc = load<f32>(base);
        for (let r = 1; r < red; r++) acc = pick(op, acc, load<f32>(base + (<usize>r << 2)));
        store<f32>(out + (<usize>o << 2), acc);
      }
    }
    return;
  }
  // inner > 1: walk rows of `inner` contiguous values, accumulating sums into a float64 row
  for (let o = 0; o < outer; o++) {
    const ob = out + (<usize>o * <usize>inner << 2);
    const base = x + (<usize>o * <usize>red * <usize>inner << 2);
    if (op == 0) {
      memory.fill(sums, 0, <usize>inner << 3);
      for (let r = 0; r < red; r++) {
        const row = base + (<usize>r * <usize>inner << 2);
        for (let j = 0; j < inner; j++) {
          const s = sums + (<usize>j << 3);
          store<f64>(s, load<f64>(s) + <f64>load<f32>(row + (<usize>j << 2)));
        }
      }
      for (let j = 0; j < inner; j++) store<f32>(ob + (<usize>j << 2), <f32>load<f64>(sums + (<usize>j << 3)));
    } else {
      memory.copy(ob, base, <usize>inner << 2);
      for (let r = 1; r < red; r++) {
        const row = base + (<usize>r * <usize>inner << 2);
        for (let j = 0; j < inner; j++) {
          const d = ob + (<usize>j << 2);
          store<f32>(d, pick(op, load<f32>(d), load<f32>(row + (<usize>j << 2))));
        }
      }
    }
  }
}

// @ts-ignore: decorator
@inline function pick(op: i32, acc: f32, v: f32): f32 {
  if (op == 1) return v > acc || v != v ? v : acc;
  return v < acc || v != v ? v : acc;
}

/** Softmax (log = 0) or log-softmax (log = 1) of each row of x[rows, cols]. */
export function softmax(x: usize, rows: i32, cols: i32, log: i32, out: usize): void {
  for (let r = 0; r < rows; r++) {
    const base = x + (<usize>r * <usize>cols << 2);
    const ob = out + (<usize>r * <usize>cols << 2);
    let mx: f32 = -Infinity;
    for (let c = 0; c < cols; c++) { const v = load<f32>(base + (<usize>c << 2)); if (v > mx) mx = v; }
    if (mx == -Infinity) mx = 0; // shift an all -inf row by 0, not by -inf (its softmax is then 0/0 = NaN, as the JS kernel's)
    let sum: f64 = 0;
    for (let c = 0; c < cols; c++) {
      const e = Mathf.exp(load<f32>(base + (<usize>c << 2)) - mx);
      store<f32>(ob + (<usize>c << 2), e);
      sum += e;
    }
    if (log) {
      const lse = <f32>Math.log(sum);
      for (let c = 0; c < cols; c++) store<f32>(ob + (<usize>c << 2), load<f32>(base + (<usize>c << 2)) - mx - lse);
    } else {
      const inv = <f32>(1 / sum);
      for (let c = 0; c < cols; c++) { const d = ob + (<usize>c << 2); store<f32>(d, load<f32>(d) * inv); }
    }
  }
}
