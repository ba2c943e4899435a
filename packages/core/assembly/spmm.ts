// Products whose left operand is mostly zeros (MNIST's pixels are ~80% zeros, and so are the patches of
// its convolutions): op(A) is compressed to its nonzeros row by row, then each row of C sums just the rows
// of B those nonzeros pick, in registers, 32 columns at a time. A dense tile does the same work per
// multiply-add, so at 80% zeros this does about a fifth of it.
//
// Only for a B with no infinity or NaN (see allFinite), where a skipped 0 * b would have added zero.
// Pointers are byte offsets; matrices are row-major float32; index arrays are int32.

/**
 * Compresses op(A)[m, k] (A, or A^T stored as [k, m]) into rows: row r's nonzeros are [starts[r],
 * starts[r + 1]) of `offsets` (the column times `stride`: the byte offset of B's row it picks) and `vals`,
 * in increasing column. `starts` holds m + 1 ints; `offsets` and `vals` room for m * k + 1. Returns the count.
 */
export function sparseRows(a: usize, transA: bool, m: i32, k: i32, stride: i32, starts: usize, offsets: usize, vals: usize): i32 {
  if (transA) return sparseColumns(a, m, k, stride, starts, offsets, vals);
  let nz = 0;
  const vec = k & ~3;
  for (let r = 0; r < m; r++) {
    store<i32>(starts + (<usize>r << 2), nz);
    const row = a + ((<usize>r * <usize>k) << 2);
    let p = 0;
    for (; p < vec; p += 4) {
      const v4 = v128.load(row + (<usize>p << 2));
      // four zeros at once (most of MNIST's background); a -0 falls through and is dropped below
      if (!v128.any_true(v4)) continue;
      // written always, kept only when nonzero (NaN included): no branch to mispredict
      nz = keep(offsets, vals, nz, p * stride, f32x4.extract_lane(v4, 0));
      nz = keep(offsets, vals, nz, (p + 1) * stride, f32x4.extract_lane(v4, 1));
      nz = keep(offsets, vals, nz, (p + 2) * stride, f32x4.extract_lane(v4, 2));
      nz = keep(offsets, vals, nz, (p + 3) * stride, f32x4.extract_lane(v4, 3));
    }
    for (; p < k; p++) nz = keep(offsets, vals, nz, p * stride, load<f32>(row + (<usize>p << 2)));
  }
  store<i32>(starts + (<usize>m << 2), nz);
  return nz;
}

// Writes (offset, v) at slot nz and returns the next free slot: nz again when v is zero, to be overwritten.
// @ts-ignore: decorator
@inline
function keep(offsets: usize, vals: usize, nz: i32, offset: i32, v: f32): i32 {
  store<i32>(offsets + (<usize>nz << 2), offset);
  store<f32>(vals + (<usize>nz << 2), v);
  return nz + i32(v != 0);
}

// sparseRows of A^T stored as [k, m]: row r of op(A) is column r. Each row's nonzeros are counted in memory
// order (four columns at a time), then placed through a cursor per row, kept in starts[r + 1] until the
// pass ends, where each cursor sits at its row's end: the next row's start.
function sparseColumns(a: usize, m: i32, k: i32, stride: i32, starts: usize, offsets: usize, vals: usize): i32 {
  memory.fill(starts, 0, <usize>(m + 1) << 2);
  const vec = m & ~3;
  const zero = f32x4.splat(0);
  for (let p = 0; p < k; p++) {
    const row = a + ((<usize>p * <usize>m) << 2);
    for (let r = 0; r < vec; r += 4) {
      const at = starts + (<usize>(r + 1) << 2);
      // a lane of f32x4.ne is -1 where the value is nonzero: subtracting counts it
      v128.store(at, i32x4.sub(v128.load(at), f32x4.ne(v128.load(row + (<usize>r << 2)), zero)));
    }
    for (let r = vec; r < m; r++) {
      const at = starts + (<usize>(r + 1) << 2);
      store<i32>(at, load<i32>(at) + i32(load<f32>(row + (<usize>r << 2)) != 0));
    }
  }
  let total = 0;
  for (let r = 1; r <= m; r++) {
    const at = starts + (<usize>r << 2);
    const count = load<i32>(at);
    store<i32>(at, total);
    total += count;
  }
  for (let p = 0; p < k; p++) {
    const row = a + ((<usize>p * <usize>m) << 2);
    for (let r = 0; r < m; r++) {
      if ((r & 3) == 0 && r < vec && !v128.any_true(v128.load(row + (<usize>r << 2)))) {
        r += 3;
        continue;
      }
      const v = load<f32>(row + (<usize>r << 2));
      if (v == 0) continue;
      const at = starts + (<usize>(r + 1) << 2);
      const slot = load<i32>(at);
      store<i32>(offsets + (<usize>slot << 2), p * stride);
      store<f32>(vals + (<usize>slot << 2), v);
      store<i32>(at, slot + 1);
    }
  }
  return total;
}

/**
 * Rows r0..r1 of C[m, n] = op(A) B, with op(A) compressed by sparseRows and B[k, n] as stored, `panel`
 * columns at a time: a panel of B small enough to stay in L2 is reused by every row before the next.
 */
export function spmmRows(starts: usize, offsets: usize, vals: usize, b: usize, c: usize, n: i32, r0: i32, r1: i32, panel: i32): void {
  const ldc = <usize>n << 2;
  for (let j0 = 0; j0 < n; j0 += panel) {
    const cols = min(panel, n - j0);
    for (let r = r0; r < r1; r++) {
      const s = load<i32>(starts + (<usize>r << 2));
      const e = load<i32>(starts + (<usize>(r + 1) << 2));
      spmmRow(offsets, vals, s, e, b + (<usize>j0 << 2), c + <usize>r * ldc + (<usize>j0 << 2), cols);
    }
  }
}

// Columns [0, cols) of one row of C (at cRow) from nonzeros [s, e) and B's columns from b: 16 columns at
// a time in four vector accumulators, two nonzeros a step (with eight accumulators V8 spills one, and the loop runs a third slower).
function spmmRow(offsets: usize, vals: usize, s: i32, e: i32, b: usize, cRow: usize, cols: i32): void {
  let j = 0;
  for (; j + 16 <= cols; j += 16) {
    let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
    const bCol = b + (<usize>j << 2);
    let q = s;
    for (; q + 1 < e; q += 2) {
      const bp = bCol + <usize>load<i32>(offsets + (<usize>q << 2));
      const bq = bCol + <usize>load<i32>(offsets + (<usize>q << 2), 4);
      const av = v128.load32_splat(vals + (<usize>q << 2));
      const aw = v128.load32_splat(vals + (<usize>q << 2), 4);
      s0 = f32x4.add(s0, f32x4.add(f32x4.mul(av, v128.load(bp)), f32x4.mul(aw, v128.load(bq))));
      s1 = f32x4.add(s1, f32x4.add(f32x4.mul(av, v128.load(bp, 16)), f32x4.mul(aw, v128.load(bq, 16))));
      s2 = f32x4.add(s2, f32x4.add(f32x4.mul(av, v128.load(bp, 32)), f32x4.mul(aw, v128.load(bq, 32))));
      s3 = f32x4.add(s3, f32x4.add(f32x4.mul(av, v128.load(bp, 48)), f32x4.mul(aw, v128.load(bq, 48))));
    }
    if (q < e) {
      const bp = bCol + <usize>load<i32>(offsets + (<usize>q << 2));
      const av = v128.load32_splat(vals + (<usize>q << 2));
      s0 = f32x4.add(s0, f32x4.mul(av, v128.load(bp)));
      s1 = f32x4.add(s1, f32x4.mul(av, v128.load(bp, 16)));
      s2 = f32x4.add(s2, f32x4.mul(av, v128.load(bp, 32)));
      s3 = f32x4.add(s3, f32x4.mul(av, v128.load(bp, 48)));
    }
    const o = cRow + (<usize>j << 2);
    v128.store(o, s0); v128.store(o, s1, 16); v128.store(o, s2, 32); v128.store(o, s3, 48);
  }
  for (; j + 8 <= cols; j += 8) {
    let s0 = f32x4.splat(0), s1 = f32x4.splat(0);
    const bCol = b + (<usize>j << 2);
    for (let q = s; q < e; q++) {
      const bp = bCol + <usize>load<i32>(offsets + (<usize>q << 2));
      const av = v128.load32_splat(vals + (<usize>q << 2));
      s0 = f32x4.add(s0, f32x4.mul(av, v128.load(bp)));
      s1 = f32x4.add(s1, f32x4.mul(av, v128.load(bp, 16)));
    }
    const o = cRow + (<usize>j << 2);
    v128.store(o, s0); v128.store(o, s1, 16);
  }
  for (; j < cols; j++) {
    let sum: f32 = 0;
    const bCol = b + (<usize>j << 2);
    for (let q = s; q < e; q++) sum += load<f32>(vals + (<usize>q << 2)) * load<f32>(bCol + <usize>load<i32>(offsets + (<usize>q << 2)));
    store<f32>(cRow + (<usize>j << 2), sum);
  }
}

/** spmmRows over chunks of rows claimed from the shared counter at `next` (see gemmRowsShared). */
export function spmmRowsShared(next: usize, chunk: i32, m: i32, starts: usize, offsets: usize, vals: usize, b: usize, c: usize, n: i32, panel: i32): void {
  for (;;) {
    const r0 = atomic.add<i32>(next, chunk);
    if (r0 >= m) return;
    spmmRows(starts, offsets, vals, b, c, n, r0, min(m, r0 + chunk), panel);
  }
}
