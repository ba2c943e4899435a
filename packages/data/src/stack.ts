import { Tensor, formatShape } from '@rectify/core';
import { describe, isNumericArray, isRecord, joinPath, numericShape, type Element, type NumericArray } from './element.js';

/** Where a leaf sits: the path inside the element (for messages) and the stream index of the batch's first element. */
interface Site {
  path: string;
  first: number;
}

const at = (path: string) => (path ? ` at '${path}'` : '');

function mismatch(site: Site, i: number, got: string, want: string): Error {
  return new Error(`batch: element ${site.first + i} is ${got}${at(site.path)} but element ${site.first} (the first of its batch) is ${want}`);
}

function shapeMismatch(site: Site, i: number, got: readonly number[], want: readonly number[]): Error {
  return new Error(
    `batch: element ${site.first + i} has shape ${formatShape(got)}${at(site.path)} but element ${site.first} (the first of its batch) has shape ${formatShape(want)}; ` +
      'elements of one batch must have the same shape (pad them in a map() first)',
  );
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, k) => d === b[k]);
}

function stackTensors(items: unknown[], site: Site): Tensor {
  const first = items[0] as Tensor;
  let float64 = false;
  for (let i = 0; i < items.length; i++) {
    const t = items[i];
    if (!(t instanceof Tensor)) throw mismatch(site, i, describe(t), 'a Tensor');
    if (!sameShape(t.shape, first.shape)) throw shapeMismatch(site, i, t.shape, first.shape);
    if (t.dtype === 'float64') float64 = true;
  }
  const rowSize = first.size;
  const out = float64 ? new Float64Array(items.length * rowSize) : new Float32Array(items.length * rowSize);
  for (let i = 0; i < items.length; i++) out.set((items[i] as Tensor).values, i * rowSize);
  return new Tensor(out, [items.length, ...first.shape]);
}

function fill(out: Float32Array, offset: number, value: NumericArray | number): number {
  if (typeof value === 'number') {
    out[offset] = value;
    return offset + 1;
  }
  for (const v of value) offset = fill(out, offset, v);
  return offset;
}

function stackNumbers(items: unknown[], site: Site): Tensor {
  const where = () => `batch: element ${site.first}${at(site.path)}`;
  const shape = numericShape(items[0] as NumericArray | number, where);
  const rowSize = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(items.length * rowSize);
  for (let i = 0; i < items.length; i++) {
    const v = items[i];
    if (typeof v !== 'number' && !isNumericArray(v)) throw mismatch(site, i, describe(v), shape.length ? 'an array of numbers' : 'a number');
    const s = numericShape(v, () => `batch: element ${site.first + i}${at(site.path)}`);
    if (!sameShape(s, shape)) throw shapeMismatch(site, i, s, shape);
    fill(out, i * rowSize, v);
  }
  return new Tensor(out, [items.length, ...shape]);
}

/**
 * Stacks the elements of one batch along a new leading axis: tensors, numbers and numeric arrays become
 * one tensor, strings a string array; tuples and records are stacked field by field. The result holds
 * copies (no autograd history). `first` is the stream index of `items[0]`, for error messages.
 */
export function stackElements(items: Element[], first: number, path = ''): Element {
  const site = { path, first };
  const head = items[0];
  if (head instanceof Tensor) return stackTensors(items, site);
  if (typeof head === 'number' || isNumericArray(head)) return stackNumbers(items, site);
  if (typeof head === 'string') {
    items.forEach((v, i) => {
      if (typeof v !== 'string') throw mismatch(site, i, describe(v), 'a string');
    });
    return items as string[];
  }
  if (Array.isArray(head)) {
    items.forEach((v, i) => {
      if (!Array.isArray(v) || v.length !== head.length) throw mismatch(site, i, describe(v), describe(head));
    });
    return head.map((_, k) => stackElements(items.map((v) => (v as Element[])[k]), first, joinPath(path, k)));
  }
  if (isRecord(head)) {
    const keys = Object.keys(head);
    items.forEach((v, i) => {
      if (!isRecord(v) || Object.keys(v).length !== keys.length || keys.some((k) => !Object.hasOwn(v, k))) throw mismatch(site, i, describe(v), describe(head));
    });
    return Object.fromEntries(keys.map((k) => [k, stackElements(items.map((v) => (v as Record<string, Element>)[k]), first, joinPath(path, k))]));
  }
  throw new Error(`batch: element ${first}${at(path)} is ${describe(head)}; expected a Tensor, a number, an array of numbers, a string, or an array or record of them`);
}
