import { Tensor, formatShape } from '@rectify/core';

export type { TensorStructure } from './tensor-structure.js';

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof Tensor) return `a tensor of shape ${formatShape(value.shape)}`;
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return typeof value;
}

/**
 * Puts `x` (or `y`) in the model's input (or output) order: a tensor for a one-input model, an array in
 * order, or a record keyed by the input (output) layer names.
 */
export function toTensorList(op: string, what: string, value: unknown, names: readonly string[]): Tensor[] {
  let list: unknown[];
  if (value instanceof Tensor) list = [value];
  else if (Array.isArray(value)) list = value;
  else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const unknown = Object.keys(record).filter((k) => !names.includes(k));
    if (unknown.length) throw new Error(`${op}: ${what} names ${unknown.map((k) => `'${k}'`).join(', ')}, which the model does not have; expected ${names.join(', ')}`);
    const missing = names.filter((n) => !Object.hasOwn(record, n));
    if (missing.length) throw new Error(`${op}: ${what} is missing ${missing.map((k) => `'${k}'`).join(', ')}`);
    list = names.map((n) => record[n]);
  } else throw new Error(`${op}: ${what} must be a Tensor, an array of Tensors or a record by name, got ${describe(value)}`);
  if (list.length !== names.length) {
    throw new Error(`${op}: the model has ${names.length} ${what === 'x' ? 'input' : 'output'}(s) (${names.join(', ')}) but ${what} has ${list.length} tensor(s)`);
  }
  list.forEach((t, i) => {
    if (!(t instanceof Tensor)) throw new Error(`${op}: ${what}${names.length > 1 ? ` '${names[i]}'` : ''} must be a Tensor, got ${describe(t)}`);
  });
  return list as Tensor[];
}

/** The shared number of samples (first axis) of every tensor, checked. */
export function sampleCount(op: string, groups: Array<[string, readonly Tensor[]]>): number {
  let n: number | null = null;
  // the shapes seen so far, formatted only for an error: this runs on every predict call
  const seen: Array<[string, Tensor]> = [];
  const shapes = () => seen.map(([what, t]) => `${what} ${formatShape(t.shape)}`);
  for (const [what, list] of groups) {
    for (const t of list) {
      if (t.rank < 1) throw new Error(`${op}: ${what} must have a batch axis, got a scalar`);
      seen.push([what, t]);
      if (n === null) n = t.shape[0];
      else if (t.shape[0] !== n) throw new Error(`${op}: x and y must have the same number of samples, got ${shapes().join(' and ')}`);
    }
  }
  if (!n) throw new Error(`${op}: got no samples (${shapes().join(', ')}); pass at least one`);
  return n;
}
