import { Tensor, formatShape } from '@rectify/core';

/** Model inputs or targets: one tensor, one per input/output in order, or one per input/output name. */
export type TensorStructure = Tensor | Tensor[] | { [name: string]: Tensor };

/** A short description of a value for error messages. */
export function describeValue(v: unknown): string {
  if (v instanceof Tensor) return `a Tensor of shape ${formatShape(v.shape)}`;
  if (v === null || v === undefined) return String(v);
  if (Array.isArray(v)) return `an array of length ${v.length}${v.length && typeof v[0] === 'number' ? ' of numbers' : ''}`;
  if (typeof v === 'object') return `an object with keys {${Object.keys(v).join(', ')}}`;
  return `${typeof v} ${String(v)}`;
}

/** The tensors of a structure, in order. */
export function leaves(s: TensorStructure): Tensor[] {
  if (s instanceof Tensor) return [s];
  return Array.isArray(s) ? s : Object.values(s);
}

/** Applies `fn` to every tensor, keeping the structure. */
export function mapStructure(s: TensorStructure, fn: (t: Tensor) => Tensor): TensorStructure {
  if (s instanceof Tensor) return fn(s);
  if (Array.isArray(s)) return s.map(fn);
  return Object.fromEntries(Object.entries(s).map(([k, t]) => [k, fn(t)]));
}

/**
 * Checks that `value` is a tensor, a non-empty array or record of tensors, all with the same number of
 * samples (first axis), and returns that number. `what` names the value in messages ("x", "dataset element 3: ys").
 */
export function checkStructure(op: string, what: string, value: unknown): number {
  const ok = value instanceof Tensor
    || (Array.isArray(value) && value.length > 0 && value.every((t) => t instanceof Tensor))
    || (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length > 0 && Object.values(value).every((t) => t instanceof Tensor));
  if (!ok) {
    const hint = typeof value === 'number' || (Array.isArray(value) && value.some((v) => typeof v === 'number' || Array.isArray(v))) ? ' (batch() the dataset so elements hold tensors)' : '';
    throw new Error(`${op}: ${what} must be a Tensor, an array of Tensors or a record of Tensors, got ${describeValue(value)}${hint}`);
  }
  const tensors = leaves(value as TensorStructure);
  const names = value instanceof Tensor ? [what] : Object.keys(value as object).map((k) => `${what}${Array.isArray(value) ? `[${k}]` : `.${k}`}`);
  tensors.forEach((t, i) => {
    if (t.rank < 1) throw new Error(`${op}: ${names[i]} must have a batch axis, got a scalar`);
  });
  const n = tensors[0].shape[0];
  tensors.forEach((t, i) => {
    if (t.shape[0] !== n) throw new Error(`${op}: ${names[0]} has ${n} samples but ${names[i]} has ${t.shape[0]} (shape ${formatShape(t.shape)})`);
  });
  return n;
}
