import { describeValue } from '@rectify/core';
import { snakeToCamel } from './names.js';

/** How a name is looked up: exact, then camelCase of a snake_case name, then without case or underscores. */
function lookupKeys(name: string): string[] {
  return [name, snakeToCamel(name), name.replace(/_/g, '').toLowerCase()];
}

/**
 * Named things of one kind (layers, activations, initializers, regularizers, constraints): each under a
 * canonical name plus aliases, found by any spelling Keras or TF.js writes (`leaky_relu`, `leakyRelu`,
 * `LeakyReLU`). Unknown names fail with the list of valid ones.
 * @example const r = new Registry<number>('unit'); r.register('meter', 1, ['m']); r.get('M') // 1
 */
export class Registry<T> {
  private readonly entries = new Map<string, T>();
  private readonly keys = new Map<string, string>();

  /**
   * @param kind what the entries are, for error messages ('layer class', 'activation').
   * @param listLabel how the error introduces the valid names.
   */
  constructor(readonly kind: string, private readonly listLabel = 'valid names are') {}

  /** Adds (or replaces) `value` under its canonical name and any aliases. */
  register(name: string, value: T, aliases: readonly string[] = []): void {
    if (typeof name !== 'string' || name === '') throw new Error(`register ${this.kind}: expected a non-empty name, got ${describeValue(name)}`);
    this.entries.set(name, value);
    for (const alias of [name, ...aliases]) for (const key of lookupKeys(alias)) this.keys.set(key, name);
  }

  /** The canonical name of any spelling of `name`, or undefined. */
  canonical(name: string): string | undefined {
    if (typeof name !== 'string') return undefined;
    for (const key of lookupKeys(name)) if (this.keys.has(key)) return this.keys.get(key);
    return undefined;
  }

  /** Whether some spelling of `name` is registered. */
  has(name: string): boolean {
    return this.canonical(name) !== undefined;
  }

  /** The entry of `name`; an Error naming `owner`, the name and the valid names when there is none. */
  get(name: string, owner = this.kind): T {
    const canonical = this.canonical(name);
    if (canonical === undefined) {
      const shown = typeof name === 'string' ? `'${name}'` : describeValue(name);
      throw new Error(`${owner}: unknown ${this.kind} ${shown}; ${this.listLabel} ${this.names().join(', ')}`);
    }
    return this.entries.get(canonical) as T;
  }

  /** Canonical names, sorted. */
  names(): string[] {
    return [...this.entries.keys()].sort();
  }
}
