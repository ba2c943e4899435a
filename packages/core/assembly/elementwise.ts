// Elementwise float32 kernels. The op codes and the switch over them (elementwise-dispatch.ts) are generated
// from src/backend/elementwise-table.ts; each op's math is in elementwise-ops.ts.
import { BINARY_VECTOR_OPS, UNARY_VECTOR_OPS, binaryScalar, binaryVector, unaryScalar, unaryVector } from './elementwise-dispatch';

/** out[i] = op(x[i]) for n elements; the codes are listed in elementwise-dispatch.ts. */
export function unary(op: i32, x: usize, out: usize, n: i32): void {
  const vec = op < UNARY_VECTOR_OPS ? n & ~3 : 0;
  for (let i = 0; i < vec; i += 4) {
    const at = <usize>i << 2;
    v128.store(out + at, unaryVector(op, v128.load(x + at)));
  }
  for (let i = vec; i < n; i++) {
    const at = <usize>i << 2;
    store<f32>(out + at, unaryScalar(op, load<f32>(x + at)));
  }
}

/**
 * out[i] = a[i % aLen] op b[i % bLen] for n elements: each operand is the whole output or a trailing
 * block repeated (a bias row, a scalar). The codes are listed in elementwise-dispatch.ts.
 */
export function binary(op: i32, a: usize, aLen: i32, b: usize, bLen: i32, out: usize, n: i32): void {
  // vectors work when each operand is a scalar (splat), the whole output, or a block whose length is a
  // multiple of 4 (so no vector straddles a repeat); anything else runs the scalar loop
  const aSplat = aLen == 1, bSplat = bLen == 1;
  const sa = aSplat ? f32x4.splat(load<f32>(a)) : f32x4.splat(0);
  const sb = bSplat ? f32x4.splat(load<f32>(b)) : f32x4.splat(0);
  if (op < BINARY_VECTOR_OPS && (aSplat || aLen == n || (aLen & 3) == 0) && (bSplat || bLen == n || (bLen & 3) == 0)) {
    let ia = 0, ib = 0;
    const vec = n & ~3;
    for (let i = 0; i < vec; i += 4) {
      const va = aSplat ? sa : v128.load(a + (<usize>ia << 2));
      const vb = bSplat ? sb : v128.load(b + (<usize>ib << 2));
      v128.store(out + (<usize>i << 2), binaryVector(op, va, vb));
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
  store<f32>(out + (<usize>i << 2), binaryScalar(op, x, y));
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
