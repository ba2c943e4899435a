// Products whose left operand is mostly zeros (MNIST's pixels are ~80% zeros, and so are the patches of
// its convolutions): op(A) is compressed to its nonzeros row by row, then each row of C sums just the rows
// of B those nonzeros pick, in registers, 32 columns at a time. A dense tile does the same work per
// multiply-add, so at 80% zeros this does about a fifth of it.
//
// Only for a B with no infinity or NaN (see allFinite), where a skipped 0 * b would have added zero.
// Pointers are byte offsets; matrices are row-major float32; index arrays are int32.

// PACK + 16 * mask: the byte indices (for i8x16.swizzle) that move the lanes set in a 4-bit mask to the front.
const PACK = memory.data<u8>([
  0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3, 0, 1, 2, 3, 8, 9, 10, 11, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 8, 9, 10, 11, 0, 1, 2, 3, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0, 1, 2, 3, 12, 13, 14, 15, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 12, 13, 14, 15, 0, 1, 2, 3, 0, 1, 2, 3, 4, 5, 6, 7, 12, 13, 14, 15, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 4, 5, 6, 7, 12, 13, 14, 15, 0, 1, 2, 3, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
]);

/**
 * Compresses op(A)[m, k] (A, or A^T stored as [k, m]) into rows: row r's nonzeros are [starts[r],
 * starts[r + 1]) of `offsets` (the column times `stride`: the byte offset of B's row it picks) and `vals`,
 * in increasing column. `starts` holds m + 1 ints; `offsets` and `vals` room for m * k + 4; for A^T,
 * `scratch` holds sparseScratchBytes(m, k). Returns the count.
 */
export function sparseRows(a: usize, transA: bool, m: i32, k: i32, stride: i32, starts: usize, offsets: usize, vals: usize, scratch: usize): i32 {
  return transA ? sparseColumns(a, m, k, stride, starts, offsets, vals, scratch) : compressRows(a, m, k, stride, starts, offsets, vals);
}

/** Bytes of scratch sparseRows needs for A^T: the stored rows' nonzeros before they are bucketed. */
export function sparseScratchBytes(m: i32, k: i32): f64 {
  return (<f64>k + 1 + 2 * (<f64>m * <f64>k + 4) + <f64>m) * 4; // in f64: past 2^31 it is refused, not wrapped
}

// The nonzeros of a row-major [rows, cols], four values at a time: the lanes that are not zero (NaN
// included; -0 is zero) are packed to the front of a vector by a table shuffle and stored, and the count
// moves on by how many there were, so no branch depends on where the zeros fall. Writes up to 3 slots past
// the count.
function compressRows(a: usize, rows: i32, cols: i32, stride: i32, starts: usize, offsets: usize, vals: usize): i32 {
  let nz = 0;
  const vec = cols & ~3;
  const zero = f32x4.splat(0);
  const lane = i32x4(0, 1, 2, 3);
  const step = i32x4.splat(stride);
  for (let r = 0; r < rows; r++) {
    store<i32>(starts + (<usize>r << 2), nz);
    const row = a + ((<usize>r * <usize>cols) << 2);
    let p = 0;
    for (; p < vec; p += 4) {
      const v4 = v128.load(row + (<usize>p << 2));
      const mask = i32x4.bitmask(f32x4.ne(v4, zero));
      if (mask == 0) continue; // four zeros: most of MNIST's background
      const pack = v128.load(PACK + (<usize>mask << 4));
      v128.store(vals + (<usize>nz << 2), i8x16.swizzle(v4, pack));
      v128.store(offsets + (<usize>nz << 2), i8x16.swizzle(i32x4.mul(i32x4.add(i32x4.splat(p), lane), step), pack));
      nz += popcnt<i32>(mask);
    }
    for (; p < cols; p++) {
      const v = load<f32>(row + (<usize>p << 2));
      store<i32>(offsets + (<usize>nz << 2), p * stride);
      store<f32>(vals + (<usize>nz << 2), v);
      nz += i32(v != 0);
    }
  }
  store<i32>(starts + (<usize>rows << 2), nz);
  return nz;
}

// sparseRows of A^T stored as [k, m], where row r of op(A) is column r: the stored rows are compressed
// first, then their nonzeros bucketed by column (a count per column, then a cursor per column), which
// costs in proportion to the nonzeros rather than a second pass over every value.
function sparseColumns(a: usize, m: i32, k: i32, stride: i32, starts: usize, offsets: usize, vals: usize, scratch: usize): i32 {
  const depthStarts = scratch;
  const columns = depthStarts + (<usize>(k + 1) << 2);
  const columnVals = columns + (<usize>(m * k + 4) << 2);
  const cursors = columnVals + (<usize>(m * k + 4) << 2);
  const nz = compressRows(a, k, m, 4, depthStarts, columns, columnVals); // columns as byte offsets into starts
  memory.fill(starts, 0, <usize>(m + 1) << 2);
  for (let q = 0; q < nz; q++) {
    const at = starts + 4 + <usize>load<i32>(columns + (<usize>q << 2));
    store<i32>(at, load<i32>(at) + 1);
  }
  for (let r = 0; r < m; r++) {
    const at = starts + (<usize>(r + 1) << 2);
    store<i32>(at, load<i32>(at) + load<i32>(at - 4));
  }
  memory.copy(cursors, starts, <usize>m << 2);
  for (let p = 0; p < k; p++) {
    const end = load<i32>(depthStarts + (<usize>(p + 1) << 2));
    for (let q = load<i32>(depthStarts + (<usize>p << 2)); q < end; q++) {
      const cursor = cursors + <usize>load<i32>(columns + (<usize>q << 2));
      const slot = load<i32>(cursor);
      store<i32>(cursor, slot + 1);
      store<i32>(offsets + (<usize>slot << 2), p * stride);
      store<f32>(vals + (<usize>slot << 2), load<f32>(columnVals + (<usize>q << 2)));
    }
  }
  return nz;
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
