/**
 * The Keras snake_case spelling of a camelCase name, as a type: `SnakeCase<'glorotUniform'>` is
 * `'glorot_uniform'`. Name unions use it to accept both spellings while still catching typos.
 */
export type SnakeCase<S extends string> = S extends `${infer Head}${infer Tail}`
  ? `${Head extends Lowercase<Head> ? Head : `_${Lowercase<Head>}`}${SnakeCase<Tail>}`
  : S;

/** The camelCase form of a snake_case name at run time ('glorot_uniform' -> 'glorotUniform'). */
export function snakeToCamel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/**
 * A camelCase option key as Keras writes it: kernelSize -> kernel_size, batchInputShape -> batch_input_shape
 * (the inverse of {@link snakeToCamel} for every camelCase key).
 */
export function camelToSnake(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
