/**
 * An options argument checked: undefined (all defaults) or a plain object whose keys are all among `keys`,
 * so a misspelled or foreign option (`dilation` for `dilations`) fails instead of being silently ignored.
 * @example checkOptions('conv1d', { stride: 2 }, ['stride', 'padding', 'dilation']) // { stride: 2 }
 */
export function checkOptions<T extends object>(op: string, options: T | undefined, keys: readonly string[]): T {
  if (options === undefined) return {} as T;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new Error(`${op}: options must be an object with keys among ${keys.join(', ')}, got ${JSON.stringify(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!keys.includes(key)) throw new Error(`${op}: unknown option '${key}'; valid options are ${keys.join(', ')}`);
  }
  return options;
}
