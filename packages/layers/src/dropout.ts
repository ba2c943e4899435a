import { Tensor, dropout } from '@rectify/core';
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
    if (!args || typeof args.rate !== 'number' || !(args.rate >= 0 && args.rate < 1)) {
      throw new Error(`Dropout: rate must be a number in [0, 1), got ${JSON.stringify(args?.rate)}`);
    }
    super(args);
    this.rate = args.rate;
    this.seed = args.seed;
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
