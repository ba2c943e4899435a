import { Tensor, formatShape } from '@rectify/core';

/** Nested arrays of numbers (a vector, a matrix, ...): batched into one tensor. */
export type NumericArray = number[] | NumericArray[];

/**
 * One element of a dataset: a tensor, a number, a string (CSV text columns), nested arrays of numbers
 * (a vector), or an array or record of elements (`[x, y]`, `{ xs, ys }`).
 */
export type Element = Tensor | number | string | NumericArray | Element[] | { [key: string]: Element };

/** A record of elements, as a CSV row or `{ xs, ys }`. */
export type ElementRecord = { [key: string]: Element };

/**
 * The type `batch()` gives an element: numbers and numeric arrays become tensors with a leading batch
 * axis, strings become arrays of strings, tuples and records keep their structure.
 */
export type Batched<T> = T extends Tensor | number | NumericArray
  ? Tensor
  : T extends string
    ? string[]
    : T extends readonly unknown[]
      ? { [K in keyof T]: Batched<T[K]> }
      : T extends object
        ? { [K in keyof T]: Batched<T[K]> }
        : never;

/** True for nested arrays whose leaves are all numbers (a vector, not a tuple of elements). */
export function isNumericArray(value: unknown): value is NumericArray {
  if (!Array.isArray(value)) return false;
  for (const v of value) if (typeof v !== 'number' && !isNumericArray(v)) return false;
  return true;
}

/** True for a plain record of elements (not a tensor, array or typed array). */
export function isRecord(value: unknown): value is ElementRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Tensor) && !ArrayBuffer.isView(value);
}

/** The shape of a numeric nested array, checking that it is rectangular. */
export function numericShape(value: NumericArray | number, where: () => string): number[] {
  if (typeof value === 'number') return [];
  if (value.length === 0) return [0];
  const inner = numericShape(value[0], where);
  for (let i = 1; i < value.length; i++) {
    const s = numericShape(value[i], where);
    if (s.length !== inner.length || s.some((d, k) => d !== inner[k])) {
      throw new Error(`${where()}: ragged nested array (row 0 has shape ${formatShape(inner)}, row ${i} has ${formatShape(s)})`);
    }
  }
  return [value.length, ...inner];
}

/** A short description of a value for error messages. */
export function describe(value: unknown): string {
  if (value instanceof Tensor) return `a Tensor of shape ${formatShape(value.shape)}`;
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === 'object') return `an object with keys {${Object.keys(value).join(', ')}}`;
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}`;
  return `${typeof value} ${String(value)}`;
}

/** Appends a key or index to a path inside an element (`xs.age`, `[1]`), for error messages. */
export function joinPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}
