/** Rejects keys an options object does not know, listing the valid ones (a misspelt option must not be ignored). */
export function checkKnownKeys(op: string, options: unknown, known: readonly string[]): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new Error(`${op}: options must be an object such as { ${known.slice(0, 2).join(', ')} }, got ${Array.isArray(options) ? 'an array' : JSON.stringify(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw new Error(`${op}: unknown option '${key}'; valid options are ${known.join(', ')}`);
  }
}

/** A positive integer option, or a clear error naming it. */
export function positiveInt(op: string, name: string, v: unknown): void {
  if (!Number.isInteger(v) || (v as number) < 1) throw new Error(`${op}: ${name} must be a positive integer, got ${JSON.stringify(v)}`);
}

const FIT_KEYS = ['epochs', 'batchSize', 'shuffle', 'seed', 'validationSplit', 'validationData', 'validationSteps', 'stepsPerEpoch', 'classWeight', 'sampleWeight', 'callbacks', 'verbose', 'initialEpoch'];

/** Checks every option of `fit`: known keys, integer counts, a split in [0, 1). */
export function checkFitOptions(options: unknown): void {
  checkKnownKeys('fit', options, FIT_KEYS);
  const o = (options ?? {}) as Record<string, unknown>;
  if (o.epochs !== undefined) positiveInt('fit', 'epochs', o.epochs);
  if (o.batchSize !== undefined) positiveInt('fit', 'batchSize', o.batchSize);
  if (o.initialEpoch !== undefined && !(Number.isInteger(o.initialEpoch) && (o.initialEpoch as number) >= 0)) throw new Error(`fit: initialEpoch must be a non-negative integer, got ${JSON.stringify(o.initialEpoch)}`);
  if (o.validationSplit !== undefined && !(typeof o.validationSplit === 'number' && o.validationSplit >= 0 && o.validationSplit < 1)) throw new Error(`fit: validationSplit must be in [0, 1), got ${JSON.stringify(o.validationSplit)}`);
  if (o.verbose !== undefined && o.verbose !== 0 && o.verbose !== 1 && o.verbose !== 2) throw new Error(`fit: verbose must be 0 or 1, got ${JSON.stringify(o.verbose)}`);
  if (o.seed !== undefined && !Number.isFinite(o.seed)) throw new Error(`fit: seed must be a finite number, got ${JSON.stringify(o.seed)}`);
  if (o.shuffle !== undefined && typeof o.shuffle !== 'boolean') throw new Error(`fit: shuffle must be true or false, got ${JSON.stringify(o.shuffle)}`);
}
