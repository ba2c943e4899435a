import { checkNumber, checkSeed, describeValue } from '@rectify/core';

/** The rate and seed of a random layer: a seeded layer draws a new but reproducible sample on every call. */
export class NoiseSeed {
  private calls = 0;
  readonly seed: number | undefined;
  constructor(owner: string, seed: unknown) {
    this.seed = checkSeed(owner, (seed ?? undefined) as number | undefined);
  }
  /** The seed of the next draw (undefined: the global generator). */
  next(): number | undefined {
    return this.seed === undefined ? undefined : this.seed + this.calls++;
  }
}

/** A checked dropout-like rate in [0, 1). */
export function rateOption(owner: string, args: { rate?: unknown } | undefined): number {
  if (!args) throw new Error(`${owner}: options are required, e.g. new ${owner}({ rate: 0.2 }); got ${describeValue(args)}`);
  return checkNumber(owner, 'rate', args.rate as number, { min: 0, lessThan: 1 });
}
