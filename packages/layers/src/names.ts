const counters = new Map<string, number>();

/** Keras/TF.js style snake case of a class name: Dense -> dense, PReLU -> p_re_lu, Conv2D -> conv2d. */
export function toSnakeCase(name: string): string {
  return name.replace(/(.)([A-Z][a-z0-9]+)/g, '$1_$2').replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}

/**
 * A camelCase option key as Keras writes it: kernelSize -> kernel_size, batchInputShape -> batch_input_shape.
 * The one converter of config keys (the inverse of {@link snakeToCamel} for every camelCase key).
 */
export function camelToSnake(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** A snake_case key or name as camelCase: kernel_size -> kernelSize, leaky_relu -> leakyRelu. */
export function snakeToCamel(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** A readable unique name: `dense`, then `dense_1`, `dense_2`, ... */
export function uniqueName(base: string): string {
  const n = counters.get(base) ?? 0;
  counters.set(base, n + 1);
  return n === 0 ? base : `${base}_${n}`;
}
