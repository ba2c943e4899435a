import { Tensor, checkNumber, checkSeed, describeValue, dropout } from '@rectify/core';
import { Layer, checkOptions, type CallOptions, type LayerArgs } from './layer.js';

/**
 * Dropout: in training, zeroes each input with probability `rate` and scales survivors by 1 / (1 - rate)
 * (inverted dropout, so inference is the identity).
 * @example new Dropout({ rate: 0.5, seed: 42 })
 */
export class Dropout extends Layer {
  static override className = 'Dropout';
  readonly rate: number;
  readonly seed: number | undefined;
  private calls = 0;

  constructor(args: LayerArgs & { rate: number; seed?: number }) {
    checkOptions('Dropout', args, ['rate', 'seed', 'noiseShape']);
    if (!args) throw new Error(`Dropout: options are required, e.g. new Dropout({ rate: 0.5 }); got ${describeValue(args)}`);
    const rate = checkNumber('Dropout', 'rate', args.rate, { min: 0, lessThan: 1 });
    const seed = checkSeed('Dropout', args.seed);
    super(args);
    // works on each position alone, so a sequence mask passes through unchanged (as in Keras)
    this.supportsMasking = true;
    this.rate = rate;
    this.seed = seed;
  }

  call(x: Tensor, options: CallOptions): Tensor {
    if (!options.training || this.rate === 0) return x;
    // a seeded layer draws a new but reproducible mask on every call
    const seed = this.seed === undefined ? undefined : this.seed + this.calls++;
    return dropout(x, this.rate, { seed });
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed ?? null };
  }
}
