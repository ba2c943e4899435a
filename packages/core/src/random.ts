import seedrandom from 'seedrandom';
import { describeValue } from './options.js';

/** A source of uniform numbers in [0, 1). */
export type Rng = () => number;

let globalRng: Rng = seedrandom();

/**
 * Seeds the global generator: the same seed gives the same random tensors, initial weights,
 * dropout masks and shuffles, so a training run repeats exactly.
 * @example setSeed(42); randomNormal([2, 2]); // same numbers on every run
 */
export function setSeed(seed: number | string): void {
  if (typeof seed !== 'string' && (typeof seed !== 'number' || !Number.isFinite(seed))) {
    throw new Error(`setSeed: seed must be a finite number or a string, got ${describeValue(seed)}`);
  }
  globalRng = seedrandom(String(seed));
}

/** A generator for one call: its own seeded stream when `seed` is given, else the global one. */
export function rngFor(seed?: number | string): Rng {
  return seed === undefined ? globalRng : seedrandom(String(seed));
}

/** A fresh generator seeded from the global stream: reproducible under `setSeed` but independent afterwards. */
export function forkRng(): Rng {
  return seedrandom(String(globalRng()));
}

/** One standard-normal sample (Box-Muller). */
export function normalSample(rng: Rng): number {
  let u = 0;
  while (u === 0) u = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}
