const counters = new Map<string, number>();

/** Keras/TF.js style snake case of a class name: Dense -> dense, PReLU -> p_re_lu, Conv2D -> conv2d. */
export function toSnakeCase(name: string): string {
  return name.replace(/(.)([A-Z][a-z0-9]+)/g, '$1_$2').replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}

// the one converter of config keys lives in core
export { camelToSnake, snakeToCamel } from '@rectify/core';

/** A readable unique name: `dense`, then `dense_1`, `dense_2`, ... */
export function uniqueName(base: string): string {
  const n = counters.get(base) ?? 0;
  counters.set(base, n + 1);
  return n === 0 ? base : `${base}_${n}`;
}
