import { allocate, dtypeOf, type DataArray } from '../../dtype.js';
import { shapesEqual, sizeOf, stridesOf, type Shape } from '../../shape.js';
import { binaryKernels, unaryKernels, type BinaryOp, type UnaryOp } from '../elementwise-table.js';

// Every op gets its own generated loop (its name in the source keeps the functions, and so their type
// feedback, apart): each call of the scalar function then sees one target, which V8 inlines, so the hot
// loops stay monomorphic. One shared loop calling every op's function would not inline and runs several
// times slower.
type UnaryLoop = (x: DataArray, out: DataArray) => void;
type BinaryLoop = (a: DataArray, b: DataArray, out: DataArray, aIdx: Int32Array | null, bIdx: Int32Array | null, aMod: number, bMod: number) => void;

const unaryLoops = new Map<UnaryOp, UnaryLoop>();
const binaryLoops = new Map<BinaryOp, BinaryLoop>();

function unaryLoop(op: UnaryOp): UnaryLoop {
  let loop = unaryLoops.get(op);
  if (!loop) {
    loop = new Function('f', `return function ${op}Loop(x, out) { for (let i = 0, n = x.length; i < n; i++) out[i] = f(x[i]); };`)(unaryKernels[op].js) as UnaryLoop;
    unaryLoops.set(op, loop);
  }
  return loop;
}

// One generated function per op handles the four layouts: index maps (general broadcast) or
// modular indexing (a trailing block repeated, including scalars and same-shape operands).
function binaryLoop(op: BinaryOp): BinaryLoop {
  let loop = binaryLoops.get(op);
  if (!loop) {
    loop = new Function('f', `return function ${op}Loop(a, b, out, aIdx, bIdx, aMod, bMod) {
      const n = out.length;
      if (aIdx !== null) { for (let i = 0; i < n; i++) out[i] = f(a[aIdx[i]], b[bIdx[i]]); return; }
      if (aMod === n && bMod === n) { for (let i = 0; i < n; i++) out[i] = f(a[i], b[i]); return; }
      if (bMod === 1) { const y = b[0]; for (let i = 0; i < n; i++) out[i] = f(a[i], y); return; }
      if (aMod === 1) { const x = a[0]; for (let i = 0; i < n; i++) out[i] = f(x, b[i]); return; }
      if (aMod === n) { for (let i = 0; i < n; i += bMod) for (let j = 0; j < bMod; j++) out[i + j] = f(a[i + j], b[j]); return; }
      for (let i = 0; i < n; i += aMod) for (let j = 0; j < aMod; j++) out[i + j] = f(a[j], b[i + j]);
    };`)(binaryKernels[op].js) as BinaryLoop;
    binaryLoops.set(op, loop);
  }
  return loop;
}

export function unary(op: UnaryOp, x: DataArray): DataArray {
  const out = allocate(dtypeOf(x), x.length);
  unaryLoop(op)(x, out);
  return out;
}

/** For each element of outShape, the flat index of the broadcast source element. */
export function broadcastIndex(shape: Shape, outShape: Shape): Int32Array {
  const n = sizeOf(outShape);
  const rank = outShape.length;
  const src = stridesOf(shape);
  const strides = outShape.map((d, i) => {
    const j = i - (rank - shape.length);
    return j < 0 || shape[j] === 1 ? 0 : src[j];
  });
  const idx = new Int32Array(n);
  const counter = new Array<number>(rank).fill(0);
  let offset = 0;
  for (let i = 0; i < n; i++) {
    idx[i] = offset;
    for (let d = rank - 1; d >= 0; d--) {
      counter[d]++;
      offset += strides[d];
      if (counter[d] < outShape[d]) break;
      offset -= strides[d] * outShape[d];
      counter[d] = 0;
    }
  }
  return idx;
}

/**
 * When `shape` broadcast to outShape is a trailing block repeated (or the whole), the block size; else -1.
 * For backends whose elementwise kernels take an operand as a repeated block (a bias row, a scalar).
 * @example trailingBlock([3], [2, 3]) // 3
 */
export function trailingBlock(shape: Shape, outShape: Shape): number {
  if (shapesEqual(shape, outShape)) return sizeOf(outShape);
  const size = sizeOf(shape);
  if (size === 1) return 1;
  // strip leading 1s, then the rest must equal the trailing axes of outShape
  let start = 0;
  while (start < shape.length && shape[start] === 1) start++;
  const tail = shape.slice(start);
  return shapesEqual(tail, outShape.slice(outShape.length - tail.length)) ? size : -1;
}

export function binary(op: BinaryOp, a: DataArray, aShape: Shape, b: DataArray, bShape: Shape, outShape: Shape): DataArray {
  const out = allocate(dtypeOf(a), sizeOf(outShape));
  const aMod = trailingBlock(aShape, outShape);
  const bMod = trailingBlock(bShape, outShape);
  const n = out.length;
  const simple = aMod > 0 && bMod > 0 && (aMod === n || bMod === n);
  if (simple) binaryLoop(op)(a, b, out, null, null, aMod, bMod);
  else binaryLoop(op)(a, b, out, broadcastIndex(aShape, outShape), broadcastIndex(bShape, outShape), 0, 0);
  return out;
}

export function where(cond: DataArray, condShape: Shape, a: DataArray, aShape: Shape, b: DataArray, bShape: Shape, outShape: Shape): DataArray {
  const out = allocate(dtypeOf(a), sizeOf(outShape));
  const ci = broadcastIndex(condShape, outShape);
  const ai = broadcastIndex(aShape, outShape);
  const bi = broadcastIndex(bShape, outShape);
  for (let i = 0; i < out.length; i++) out[i] = cond[ci[i]] !== 0 ? a[ai[i]] : b[bi[i]];
  return out;
}

export function broadcastTo(x: DataArray, shape: Shape, outShape: Shape): DataArray {
  const out = allocate(dtypeOf(x), sizeOf(outShape));
  const block = trailingBlock(shape, outShape);
  if (block > 0) {
    for (let i = 0; i < out.length; i += block) out.set(block === x.length ? x : x.subarray(0, block), i);
    return out;
  }
  const idx = broadcastIndex(shape, outShape);
  for (let i = 0; i < out.length; i++) out[i] = x[idx[i]];
  return out;
}

export function reluGradBias(dy: DataArray, y: DataArray, channels: number): { dz: DataArray; dbias: DataArray } {
  const dz = allocate(dtypeOf(dy), dy.length);
  const sums = new Float64Array(channels);
  for (let i = 0, c = 0; i < dy.length; i++, c = c + 1 === channels ? 0 : c + 1) {
    const g = y[i] > 0 ? dy[i] : 0;
    dz[i] = g;
    sums[c] += g;
  }
  const dbias = allocate(dtypeOf(dy), channels);
  dbias.set(sums);
  return { dz, dbias };
}
