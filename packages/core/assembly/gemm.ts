// Single-precision GEMM with f32x4 SIMD, GotoBLAS style: B is packed once into 8-column panels, each
// thread packs its rows of A into 4-row panels, and a 4x8 register tile (8 vector accumulators: more
// spill registers) runs over kc-deep slices that stay in L1 and L2.
//
// Every pointer is a byte offset into the shared memory; matrices are row-major float32.

const KC: i32 = 256; // depth of a slice: a 4x8 tile streams 4*KC + 8*KC floats (12 KiB) from L1
const MC: i32 = 64; // rows of A packed at a time (64 KiB at KC = 256: stays in L2)

/** Packs B[k, n] (or B[n, k] transposed) into ceil(n/8) panels of k rows of 8 columns, zero-padded. */
export function gemmPackB(b: usize, transB: bool, k: i32, n: i32, out: usize): void {
  const panels = (n + 7) >> 3;
  for (let jp = 0; jp < panels; jp++) {
    const j0 = jp << 3;
    const cols = min(8, n - j0);
    let o = out + (<usize>jp * <usize>k << 5);
    if (!transB && cols == 8) {
      for (let p = 0; p < k; p++, o += 32) {
        const src = b + ((<usize>p * <usize>n + <usize>j0) << 2);
        v128.store(o, v128.load(src));
        v128.store(o, v128.load(src, 16), 16);
      }
      continue;
    }
    for (let p = 0; p < k; p++, o += 32) {
      for (let j = 0; j < 8; j++) {
        let v: f32 = 0;
        if (j < cols) {
          v = transB
            ? load<f32>(b + ((<usize>(j0 + j) * <usize>k + <usize>p) << 2))
            : load<f32>(b + ((<usize>p * <usize>n + <usize>(j0 + j)) << 2));
        }
        store<f32>(o + (<usize>j << 2), v);
      }
    }
  }
}

// Packs rows [i0, i0 + mc) and columns [p0, p0 + kc) of A (or of A^T stored as [k, m]) into 4-row
// panels: panel t holds, for each p, the 4 values A[i0 + 4t + r, p0 + p], zero-padded past the last row.
function packA(a: usize, transA: bool, m: i32, k: i32, i0: i32, mc: i32, p0: i32, kc: i32, out: usize): void {
  const panels = (mc + 3) >> 2;
  for (let t = 0; t < panels; t++) {
    const r0 = i0 + (t << 2);
    const rows = min(4, i0 + mc - r0);
    let o = out + (<usize>t * <usize>kc << 4);
    if (transA && rows == 4) {
      // A^T stores each column of A contiguously: the panel's 4 values at depth p are one vector
      for (let p = 0; p < kc; p++, o += 16) v128.store(o, v128.load(a + ((<usize>(p0 + p) * <usize>m + <usize>r0) << 2)));
    } else if (transA) {
      for (let p = 0; p < kc; p++, o += 16) {
        const src = a + ((<usize>(p0 + p) * <usize>m + <usize>r0) << 2);
        for (let r = 0; r < 4; r++) store<f32>(o + (<usize>r << 2), r < rows ? load<f32>(src + (<usize>r << 2)) : 0);
      }
    } else if (rows == 4) {
      const s0 = a + ((<usize>r0 * <usize>k + <usize>p0) << 2);
      const rowBytes = <usize>k << 2;
      for (let p = 0; p < kc; p++, o += 16) {
        const s = s0 + (<usize>p << 2);
        store<f32>(o, load<f32>(s));
        store<f32>(o, load<f32>(s + rowBytes), 4);
        store<f32>(o, load<f32>(s + 2 * rowBytes), 8);
        store<f32>(o, load<f32>(s + 3 * rowBytes), 12);
      }
    } else {
      for (let p = 0; p < kc; p++, o += 16) {
        for (let r = 0; r < 4; r++) {
          store<f32>(o + (<usize>r << 2), r < rows ? load<f32>(a + ((<usize>(r0 + r) * <usize>k + <usize>(p0 + p)) << 2)) : 0);
        }
      }
    }
  }
}

// C[4, 8] (+)= Apanel[kc, 4]^T Bpanel[kc, 8]; ldc in bytes.
// @ts-ignore: decorator
@inline
function tile4x8(ap: usize, bp: usize, kc: i32, c: usize, ldc: usize, accumulate: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let a = v128.load32_splat(ap);
    c00 = f32x4.add(c00, f32x4.mul(a, b0));
    c01 = f32x4.add(c01, f32x4.mul(a, b1));
    a = v128.load32_splat(ap, 4);
    c10 = f32x4.add(c10, f32x4.mul(a, b0));
    c11 = f32x4.add(c11, f32x4.mul(a, b1));
    a = v128.load32_splat(ap, 8);
    c20 = f32x4.add(c20, f32x4.mul(a, b0));
    c21 = f32x4.add(c21, f32x4.mul(a, b1));
    a = v128.load32_splat(ap, 12);
    c30 = f32x4.add(c30, f32x4.mul(a, b0));
    c31 = f32x4.add(c31, f32x4.mul(a, b1));
    ap += 16;
    bp += 32;
  }
  if (accumulate) {
    c00 = f32x4.add(c00, v128.load(c)); c01 = f32x4.add(c01, v128.load(c, 16)); c += ldc;
    c10 = f32x4.add(c10, v128.load(c)); c11 = f32x4.add(c11, v128.load(c, 16)); c += ldc;
    c20 = f32x4.add(c20, v128.load(c)); c21 = f32x4.add(c21, v128.load(c, 16)); c += ldc;
    c30 = f32x4.add(c30, v128.load(c)); c31 = f32x4.add(c31, v128.load(c, 16));
    c -= 3 * ldc;
  }
  v128.store(c, c00); v128.store(c, c01, 16); c += ldc;
  v128.store(c, c10); v128.store(c, c11, 16); c += ldc;
  v128.store(c, c20); v128.store(c, c21, 16); c += ldc;
  v128.store(c, c30); v128.store(c, c31, 16);
}

// tile4x8 for a sparse A (MNIST pixels, ReLU activations): a depth step whose 4 values of A are all zero
// adds nothing and is skipped. Only for a B with no infinity or NaN, where 0 * b is 0 (see allFinite). A copy
// rather than a flag on tile4x8: one function inlined at both call sites made the dense loop 7-10% slower.
// @ts-ignore: decorator
@inline
function tile4x8SkipZeros(ap: usize, bp: usize, kc: i32, c: usize, ldc: usize, accumulate: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let p = 0; p < kc; p++, ap += 16, bp += 32) {
    if (!v128.any_true(v128.load(ap))) continue;
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let a = v128.load32_splat(ap);
    c00 = f32x4.add(c00, f32x4.mul(a, b0));
    c01 = f32x4.add(c01, f32x4.mul(a, b1));
    a = v128.load32_splat(ap, 4);
    c10 = f32x4.add(c10, f32x4.mul(a, b0));
    c11 = f32x4.add(c11, f32x4.mul(a, b1));
    a = v128.load32_splat(ap, 8);
    c20 = f32x4.add(c20, f32x4.mul(a, b0));
    c21 = f32x4.add(c21, f32x4.mul(a, b1));
    a = v128.load32_splat(ap, 12);
    c30 = f32x4.add(c30, f32x4.mul(a, b0));
    c31 = f32x4.add(c31, f32x4.mul(a, b1));
  }
  if (accumulate) {
    c00 = f32x4.add(c00, v128.load(c)); c01 = f32x4.add(c01, v128.load(c, 16)); c += ldc;
    c10 = f32x4.add(c10, v128.load(c)); c11 = f32x4.add(c11, v128.load(c, 16)); c += ldc;
    c20 = f32x4.add(c20, v128.load(c)); c21 = f32x4.add(c21, v128.load(c, 16)); c += ldc;
    c30 = f32x4.add(c30, v128.load(c)); c31 = f32x4.add(c31, v128.load(c, 16));
    c -= 3 * ldc;
  }
  v128.store(c, c00); v128.store(c, c01, 16); c += ldc;
  v128.store(c, c10); v128.store(c, c11, 16); c += ldc;
  v128.store(c, c20); v128.store(c, c21, 16); c += ldc;
  v128.store(c, c30); v128.store(c, c31, 16);
}

/** Whether the `n` floats at `p` are all finite (so a zero times any of them is zero). */
export function allFinite(p: usize, n: i32): bool {
  // an infinity or NaN has every exponent bit set; OR-ing the tests leaves no dependency chain to wait on
  const exponent = i32x4.splat(0x7f800000);
  let bad = i32x4.splat(0);
  const vec = n & ~3;
  for (let i = 0; i < vec; i += 4) {
    bad = v128.or(bad, i32x4.eq(v128.and(v128.load(p + (<usize>i << 2)), exponent), exponent));
  }
  let tail = false;
  for (let i = vec; i < n; i++) tail = tail || (load<u32>(p + (<usize>i << 2)) & 0x7f800000) == 0x7f800000;
  return !v128.any_true(bad) && !tail;
}

/**
 * C[rows i0..i1, :] = A B for C[m, n], with B already packed by gemmPackB. `scratch` holds this
 * caller's A panels (MC * KC floats) and one 4x8 edge tile; threads pass disjoint row ranges and scratch.
 * `skipZeros` runs the tile that skips all-zero depth steps of A (B must be all finite).
 */
export function gemmRows(a: usize, transA: bool, packedB: usize, c: usize, m: i32, n: i32, k: i32, i0: i32, i1: i32, scratch: usize, skipZeros: bool): void {
  const panelsB = (n + 7) >> 3;
  const ldc = <usize>n << 2;
  const edge = scratch + (<usize>(MC * KC) << 2);
  if (k == 0) {
    for (let i = i0; i < i1; i++) memory.fill(c + <usize>i * ldc, 0, ldc);
    return;
  }
  for (let p0 = 0; p0 < k; p0 += KC) {
    const kc = min(KC, k - p0);
    const accumulate = p0 > 0;
    for (let ib = i0; ib < i1; ib += MC) {
      const mc = min(MC, i1 - ib);
      packA(a, transA, m, k, ib, mc, p0, kc, scratch);
      for (let jp = 0; jp < panelsB; jp++) {
        const j0 = jp << 3;
        const cols = min(8, n - j0);
        const bp = packedB + ((<usize>jp * <usize>k + <usize>p0) << 5);
        for (let t = 0; t < mc; t += 4) {
          const ap = scratch + (<usize>(t >> 2) * <usize>kc << 4);
          const cTile = c + (<usize>(ib + t) * ldc) + (<usize>j0 << 2);
          const rows = min(4, mc - t);
          if (rows == 4 && cols == 8) {
            if (skipZeros) tile4x8SkipZeros(ap, bp, kc, cTile, ldc, accumulate);
            else tile4x8(ap, bp, kc, cTile, ldc, accumulate);
            continue;
          }
          // a partial tile: compute into the edge buffer, then copy the valid part
          for (let r = 0; r < rows; r++) {
            for (let j = 0; j < 8; j++) {
              store<f32>(edge + (<usize>(r * 8 + j) << 2), accumulate && j < cols ? load<f32>(cTile + <usize>r * ldc + (<usize>j << 2)) : 0);
            }
          }
          tile4x8(ap, bp, kc, edge, 32, true);
          for (let r = 0; r < rows; r++) memory.copy(cTile + <usize>r * ldc, edge + (<usize>(r * 8) << 2), <usize>cols << 2);
        }
      }
    }
  }
}

/** Bytes of scratch one gemmRows caller needs. */
export function gemmScratchBytes(): i32 {
  return (MC * KC + 32) << 2;
}

/**
 * gemmRows over chunks of `chunk` rows (a multiple of 4) claimed from the shared counter at `next`: every
 * thread of a split product runs this until no rows are left, so a thread that starts late or is
 * descheduled leaves its rows to the others instead of holding the product up. Which thread computes a
 * row never changes its value: rows are computed independently, in the same order of k.
 */
export function gemmRowsShared(next: usize, chunk: i32, a: usize, transA: bool, packedB: usize, c: usize, m: i32, n: i32, k: i32, scratch: usize, skipZeros: bool): void {
  for (;;) {
    const i0 = atomic.add<i32>(next, chunk);
    if (i0 >= m) return;
    gemmRows(a, transA, packedB, c, m, n, k, i0, min(m, i0 + chunk), scratch, skipZeros);
  }
}
