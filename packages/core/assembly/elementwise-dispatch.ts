// Generated from src/backend/elementwise-table.ts by scripts/elementwise-dispatch.mjs on every build (before
// asc) and committed: do not edit. To add or change an op, edit the table and the op's functions in
// elementwise-ops.ts.

import {
  reluVector,
  reluScalar,
  stepVector,
  stepScalar,
  negVector,
  negScalar,
  absVector,
  absScalar,
  squareVector,
  squareScalar,
  sqrtVector,
  sqrtScalar,
  reciprocalVector,
  reciprocalScalar,
  expScalar,
  logScalar,
  sigmoidScalar,
  tanhScalar,
  addVector,
  addScalar,
  subVector,
  subScalar,
  mulVector,
  mulScalar,
  divVector,
  divScalar,
  maximumVector,
  maximumScalar,
  minimumVector,
  minimumScalar,
  reluGradVector,
  reluGradScalar,
  addReluVector,
  addReluScalar,
} from './elementwise-ops';

/** Unary op codes below this have an f32x4 form. Codes: 0 relu, 1 step, 2 neg, 3 abs, 4 square, 5 sqrt, 6 reciprocal, 7 exp, 8 log, 9 sigmoid, 10 tanh. */
export const UNARY_VECTOR_OPS: i32 = 7;

/** Binary op codes below this have an f32x4 form. Codes: 0 add, 1 sub, 2 mul, 3 div, 4 maximum, 5 minimum, 6 reluGrad, 7 addRelu. */
export const BINARY_VECTOR_OPS: i32 = 8;

// @ts-ignore: decorator
@inline export function unaryVector(op: i32, v: v128): v128 {
  switch (op) {
    case 0: return reluVector(v);
    case 1: return stepVector(v);
    case 2: return negVector(v);
    case 3: return absVector(v);
    case 4: return squareVector(v);
    case 5: return sqrtVector(v);
    case 6: return reciprocalVector(v);
    default: unreachable();
  }
  return v;
}

// @ts-ignore: decorator
@inline export function unaryScalar(op: i32, v: f32): f32 {
  switch (op) {
    case 0: return reluScalar(v);
    case 1: return stepScalar(v);
    case 2: return negScalar(v);
    case 3: return absScalar(v);
    case 4: return squareScalar(v);
    case 5: return sqrtScalar(v);
    case 6: return reciprocalScalar(v);
    case 7: return expScalar(v);
    case 8: return logScalar(v);
    case 9: return sigmoidScalar(v);
    case 10: return tanhScalar(v);
    default: unreachable();
  }
  return v;
}

// @ts-ignore: decorator
@inline export function binaryVector(op: i32, a: v128, b: v128): v128 {
  switch (op) {
    case 0: return addVector(a, b);
    case 1: return subVector(a, b);
    case 2: return mulVector(a, b);
    case 3: return divVector(a, b);
    case 4: return maximumVector(a, b);
    case 5: return minimumVector(a, b);
    case 6: return reluGradVector(a, b);
    case 7: return addReluVector(a, b);
    default: unreachable();
  }
  return a;
}

// @ts-ignore: decorator
@inline export function binaryScalar(op: i32, a: f32, b: f32): f32 {
  switch (op) {
    case 0: return addScalar(a, b);
    case 1: return subScalar(a, b);
    case 2: return mulScalar(a, b);
    case 3: return divScalar(a, b);
    case 4: return maximumScalar(a, b);
    case 5: return minimumScalar(a, b);
    case 6: return reluGradScalar(a, b);
    case 7: return addReluScalar(a, b);
    default: unreachable();
  }
  return a;
}
