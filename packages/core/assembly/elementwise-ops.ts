// The math of each elementwise op the wasm kernels run, its f32x4 form beside its scalar form. Which ops
// run here, and their codes, come from src/backend/elementwise-table.ts: an op marked wasm 'f32x4' there
// needs both `<name>Vector` and `<name>Scalar` here, one marked 'f32' the scalar one only. The switch that
// picks them (elementwise-dispatch.ts) is generated; each must match the op's `js` function in the table.

// Unary ops, in code order.

// NaN-propagating max: relu(NaN) is NaN, as in the JS kernel
// @ts-ignore: decorator
@inline export function reluVector(v: v128): v128 { return f32x4.max(v, f32x4.splat(0)); }
// @ts-ignore: decorator
@inline export function reluScalar(v: f32): f32 { return Mathf.max(v, 0); }

// @ts-ignore: decorator
@inline export function stepVector(v: v128): v128 { return v128.and(f32x4.gt(v, f32x4.splat(0)), f32x4.splat(1)); }
// @ts-ignore: decorator
@inline export function stepScalar(v: f32): f32 { return v > 0 ? 1 : 0; }

// @ts-ignore: decorator
@inline export function negVector(v: v128): v128 { return f32x4.neg(v); }
// @ts-ignore: decorator
@inline export function negScalar(v: f32): f32 { return -v; }

// @ts-ignore: decorator
@inline export function absVector(v: v128): v128 { return f32x4.abs(v); }
// @ts-ignore: decorator
@inline export function absScalar(v: f32): f32 { return Mathf.abs(v); }

// @ts-ignore: decorator
@inline export function squareVector(v: v128): v128 { return f32x4.mul(v, v); }
// @ts-ignore: decorator
@inline export function squareScalar(v: f32): f32 { return v * v; }

// @ts-ignore: decorator
@inline export function sqrtVector(v: v128): v128 { return f32x4.sqrt(v); }
// @ts-ignore: decorator
@inline export function sqrtScalar(v: f32): f32 { return Mathf.sqrt(v); }

// @ts-ignore: decorator
@inline export function reciprocalVector(v: v128): v128 { return f32x4.div(f32x4.splat(1), v); }
// @ts-ignore: decorator
@inline export function reciprocalScalar(v: f32): f32 { return 1 / v; }

// @ts-ignore: decorator
@inline export function expScalar(v: f32): f32 { return Mathf.exp(v); }

// @ts-ignore: decorator
@inline export function logScalar(v: f32): f32 { return Mathf.log(v); }

// @ts-ignore: decorator
@inline export function sigmoidScalar(v: f32): f32 {
  // the branch keeps exp's argument <= 0, so neither side overflows
  if (v >= 0) return 1 / (1 + Mathf.exp(-v));
  const e = Mathf.exp(v);
  return e / (1 + e);
}

// @ts-ignore: decorator
@inline export function tanhScalar(v: f32): f32 { return Mathf.tanh(v); }

// Binary ops, in code order: x (a) is the left operand, y (b) the right.

// @ts-ignore: decorator
@inline export function addVector(a: v128, b: v128): v128 { return f32x4.add(a, b); }
// @ts-ignore: decorator
@inline export function addScalar(x: f32, y: f32): f32 { return x + y; }

// @ts-ignore: decorator
@inline export function subVector(a: v128, b: v128): v128 { return f32x4.sub(a, b); }
// @ts-ignore: decorator
@inline export function subScalar(x: f32, y: f32): f32 { return x - y; }

// @ts-ignore: decorator
@inline export function mulVector(a: v128, b: v128): v128 { return f32x4.mul(a, b); }
// @ts-ignore: decorator
@inline export function mulScalar(x: f32, y: f32): f32 { return x * y; }

// @ts-ignore: decorator
@inline export function divVector(a: v128, b: v128): v128 { return f32x4.div(a, b); }
// @ts-ignore: decorator
@inline export function divScalar(x: f32, y: f32): f32 { return x / y; }

// f32x4.max and min propagate NaN, as the JS kernel
// @ts-ignore: decorator
@inline export function maximumVector(a: v128, b: v128): v128 { return f32x4.max(a, b); }
// @ts-ignore: decorator
@inline export function maximumScalar(x: f32, y: f32): f32 { return x != x || y != y ? NaN : x >= y ? x : y; }

// @ts-ignore: decorator
@inline export function minimumVector(a: v128, b: v128): v128 { return f32x4.min(a, b); }
// @ts-ignore: decorator
@inline export function minimumScalar(x: f32, y: f32): f32 { return x != x || y != y ? NaN : x <= y ? x : y; }

// reluGrad: a where b > 0, else 0
// @ts-ignore: decorator
@inline export function reluGradVector(a: v128, b: v128): v128 { return v128.and(a, f32x4.gt(b, f32x4.splat(0))); }
// @ts-ignore: decorator
@inline export function reluGradScalar(x: f32, y: f32): f32 { return y > 0 ? x : 0; }

// addRelu: relu(a + b)
// @ts-ignore: decorator
@inline export function addReluVector(a: v128, b: v128): v128 { return f32x4.max(f32x4.add(a, b), f32x4.splat(0)); }
// @ts-ignore: decorator
@inline export function addReluScalar(x: f32, y: f32): f32 { return Mathf.max(x + y, 0); }
