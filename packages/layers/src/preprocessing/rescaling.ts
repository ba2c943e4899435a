import { Tensor, add, checkNumber, checkOptionalNumber, mul } from '@rectify/core';
import { Layer, checkOptions, type LayerArgs } from '../layer.js';

/**
 * y = x * scale + offset: pixel values [0, 255] to [0, 1] (scale 1/255) or [-1, 1] (scale 1/127.5,
 * offset -1, MobileNet's preprocessing). No weights. Keras `Rescaling`.
 * @example new Rescaling({ scale: 1 / 255 })
 */
export class Rescaling extends Layer {
  static override className = 'Rescaling';
  readonly scale: number;
  readonly offset: number;

  constructor(args: LayerArgs & { scale: number; offset?: number }) {
    checkOptions('Rescaling', args, ['scale', 'offset']);
    args ??= {} as never;
    super(args);
    this.scale = checkNumber('Rescaling', 'scale', args.scale);
    this.offset = checkOptionalNumber('Rescaling', 'offset', args.offset, 0);
  }

  call(x: Tensor): Tensor {
    const y = this.scale === 1 ? x : mul(x, this.scale);
    return this.offset === 0 ? y : add(y, this.offset);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), scale: this.scale, offset: this.offset };
  }
}
