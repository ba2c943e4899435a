// Products with fewer rows than a GEMM register tile (batch-1 inference): each row of C is a
// vector-matrix product read straight from B as stored, with no packing, which would cost as much as
// the product. Plain multiply-adds: zeros of A are not skipped, so 0 * Inf and 0 * NaN give NaN.

/** C[m, n] = op(A) op(B) for small m, row-major float32 at byte offsets. */
export function gemv(a: usize, transA: bool, b: usize, transB: bool, c: usize, m: i32, n: i32, k: i32): void {
  // element p of row i of op(A), as a byte offset from aRow + p * aStep
  const aStep: usize = transA ? <usize>m << 2 : 4;
  for (let i = 0; i < m; i++) {
    const aRow = a + (transA ? <usize>i << 2 : (<usize>i * <usize>k) << 2);
    const cRow = c + ((<usize>i * <usize>n) << 2);
    if (transB) rowTimesBt(aRow, aStep, b, cRow, n, k);
    else rowTimesB(aRow, aStep, b, cRow, n, k);
  }
}

// c[j] = sum_p a[p] B[p, j]: 16 columns at a time in four vector accumulators, B read row by row.
function rowTimesB(a: usize, aStep: usize, b: usize, c: usize, n: i32, k: i32): void {
  const ldb = <usize>n << 2;
  let j = 0;
  for (; j + 16 <= n; j += 16) {
    let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
    let bp = b + (<usize>j << 2);
    let ap = a;
    for (let p = 0; p < k; p++, bp += ldb, ap += aStep) {
      const av = f32x4.splat(load<f32>(ap));
      s0 = f32x4.add(s0, f32x4.mul(av, v128.load(bp)));
      s1 = f32x4.add(s1, f32x4.mul(av, v128.load(bp, 16)));
      s2 = f32x4.add(s2, f32x4.mul(av, v128.load(bp, 32)));
      s3 = f32x4.add(s3, f32x4.mul(av, v128.load(bp, 48)));
    }
    const cp = c + (<usize>j << 2);
    v128.store(cp, s0); v128.store(cp, s1, 16); v128.store(cp, s2, 32); v128.store(cp, s3, 48);
  }
  for (; j + 4 <= n; j += 4) {
    let s = f32x4.splat(0);
    let bp = b + (<usize>j << 2);
    let ap = a;
    for (let p = 0; p < k; p++, bp += ldb, ap += aStep) s = f32x4.add(s, f32x4.mul(f32x4.splat(load<f32>(ap)), v128.load(bp)));
    v128.store(c + (<usize>j << 2), s);
  }
  for (; j < n; j++) {
    let s: f32 = 0;
    let bp = b + (<usize>j << 2);
    let ap = a;
    for (let p = 0; p < k; p++, bp += ldb, ap += aStep) s += load<f32>(ap) * load<f32>(bp);
    store<f32>(c + (<usize>j << 2), s);
  }
}

// c[j] = sum_p a[p] B[j, p]: a dot product per column, four lanes of p at a time when a is contiguous.
function rowTimesBt(a: usize, aStep: usize, b: usize, c: usize, n: i32, k: i32): void {
  const vectorK = aStep == 4 ? k & ~3 : 0;
  for (let j = 0; j < n; j++) {
    const bRow = b + ((<usize>j * <usize>k) << 2);
    let s = f32x4.splat(0);
    for (let p = 0; p < vectorK; p += 4) s = f32x4.add(s, f32x4.mul(v128.load(a + (<usize>p << 2)), v128.load(bRow + (<usize>p << 2))));
    let total: f32 = f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1) + f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3);
    for (let p = vectorK; p < k; p++) total += load<f32>(a + <usize>p * aStep) * load<f32>(bRow + (<usize>p << 2));
    store<f32>(c + (<usize>j << 2), total);
  }
}
