// The one place options objects and numeric arguments are validated, so every op, layer, optimizer and
// schedule rejects bad input with the same kind of message: the owner, the option, the value received and
// what was expected. A typo or an Infinity must fail at construction, not as NaN weights many steps later.

/**
 * Rejects an options value that is not a plain object, and any key not in `knownKeys`, listing the
 * valid keys (a misspelt option must never be silently ignored). `undefined` and `null` mean "no options".
 * @example checkOptions('Adam', { learningRat: 0.1 }, ['learningRate']) // throws: unknown option 'learningRat'
 */
export function checkOptions(owner: string, options: unknown, knownKeys: readonly string[]): void {
  if (options === undefined || options === null) return;
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new Error(`${owner}: options must be an object, got ${describeValue(options)}; valid options are ${formatKeys(knownKeys)}`);
  }
  const valid = new Set(knownKeys);
  for (const key of Object.keys(options)) {
    if (!valid.has(key)) throw new Error(`${owner}: unknown option '${key}'; valid options are ${formatKeys(knownKeys)}`);
  }
}

/** Constraints for {@link checkNumber}. Every bound is optional; finiteness is required unless `allowInfinity`. */
export interface NumberSpec {
  /** Inclusive lower bound. */
  min?: number;
  /** Inclusive upper bound. */
  max?: number;
  /** Exclusive lower bound. */
  greaterThan?: number;
  /** Exclusive upper bound. */
  lessThan?: number;
  /** Require an integer. */
  integer?: boolean;
  /** Accept +-Infinity (NaN is never accepted). Default false. */
  allowInfinity?: boolean;
}

/**
 * Returns `value` when it is a number meeting `spec` (finite unless `allowInfinity`, never NaN), else
 * throws an Error naming the owner, the option, the value and the accepted range.
 * @example checkNumber('Adam', 'learningRate', 0.01, { min: 0 }) // 0.01; -1 would throw
 */
export function checkNumber(owner: string, name: string, value: unknown, spec: NumberSpec = {}): number {
  const ok =
    typeof value === 'number' &&
    !Number.isNaN(value) &&
    (spec.allowInfinity || Number.isFinite(value)) &&
    (!spec.integer || Number.isInteger(value)) &&
    (spec.min === undefined || value >= spec.min) &&
    (spec.max === undefined || value <= spec.max) &&
    (spec.greaterThan === undefined || value > spec.greaterThan) &&
    (spec.lessThan === undefined || value < spec.lessThan);
  if (!ok) throw new Error(`${owner}: ${name} must be ${describeSpec(spec)}, got ${describeValue(value)}`);
  return value as number;
}

/** {@link checkNumber} for an option that may be left out: `undefined` returns `fallback`. */
export function checkOptionalNumber(owner: string, name: string, value: unknown, fallback: number, spec: NumberSpec = {}): number {
  return value === undefined ? fallback : checkNumber(owner, name, value, spec);
}

/** A seed is a finite number (any value: it is hashed) or undefined for the global generator. */
export function checkSeed(owner: string, seed: unknown): number | undefined {
  return seed === undefined ? undefined : checkNumber(owner, 'seed', seed);
}

/** Returns `value` when it is a boolean (or `fallback` when undefined), else throws naming the option. */
export function checkBoolean(owner: string, name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new Error(`${owner}: ${name} must be true or false, got ${describeValue(value)}`);
  return value;
}

/** Returns `value` when it is one of `choices` (or `fallback` when undefined), else throws listing them. */
export function checkChoice<T extends string>(owner: string, name: string, value: unknown, choices: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    throw new Error(`${owner}: ${name} must be one of ${choices.map((c) => `'${c}'`).join(', ')}, got ${describeValue(value)}`);
  }
  return value as T;
}

/** The accepted range in words: "a finite number >= 0", "an integer in [1, 10]". */
export function describeSpec(spec: NumberSpec): string {
  if (spec.integer && spec.max === undefined && spec.lessThan === undefined && spec.greaterThan === undefined) {
    if (spec.min === 1) return 'a positive integer';
    if (spec.min === 0) return 'a non-negative integer';
  }
  const kind = spec.integer ? 'an integer' : spec.allowInfinity ? 'a number (not NaN)' : 'a finite number';
  const parts: string[] = [];
  if (spec.min !== undefined && spec.max !== undefined) parts.push(`in [${spec.min}, ${spec.max}]`);
  else if (spec.min !== undefined && spec.lessThan !== undefined) parts.push(`in [${spec.min}, ${spec.lessThan})`);
  else if (spec.greaterThan !== undefined && spec.max !== undefined) parts.push(`in (${spec.greaterThan}, ${spec.max}]`);
  else if (spec.greaterThan !== undefined && spec.lessThan !== undefined) parts.push(`in (${spec.greaterThan}, ${spec.lessThan})`);
  else {
    if (spec.min !== undefined) parts.push(`>= ${spec.min}`);
    if (spec.greaterThan !== undefined) parts.push(`> ${spec.greaterThan}`);
    if (spec.max !== undefined) parts.push(`<= ${spec.max}`);
    if (spec.lessThan !== undefined) parts.push(`< ${spec.lessThan}`);
  }
  return [kind, ...parts].join(' ');
}

/** A short readable form of any value for an error message: numbers exactly (NaN, Infinity, -0 included). */
export function describeValue(value: unknown): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n (a bigint)`;
  if (value === null || value === undefined || typeof value === 'boolean') return String(value);
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return value.toString();
  if (Array.isArray(value)) {
    const items: string[] = [];
    for (let i = 0; i < Math.min(value.length, 8); i++) items.push(i in value ? describeValue(value[i]) : '<hole>');
    return `[${items.join(', ')}${value.length > 8 ? ', ...' : ''}]`;
  }
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  const name = (value as object).constructor?.name;
  const shape = (value as { shape?: unknown }).shape;
  if (Array.isArray(shape)) return `a ${name ?? 'tensor'} of shape [${shape.join(',')}]`;
  return name && name !== 'Object' ? `a ${name}` : 'an object';
}

function formatKeys(keys: readonly string[]): string {
  return keys.length === 0 ? '(none)' : [...keys].sort().join(', ');
}
