import { Tensor, slice, type Shape } from '@rectify/core';
import { Layer, checkOptions, type LayerArgs } from '../layer.js';
import { checkDataFormat } from '../convolutional/conv-options.js';
import { sidesPerAxis } from './padding-spec.js';

abstract class Cropping extends Layer {
  readonly cropping: Array<[number, number]>;
  protected constructor(private readonly axes: number, args: LayerArgs & { cropping?: unknown; dataFormat?: string }) {
    const owner = `Cropping${axes}D`;
    checkOptions(owner, args, axes === 2 ? ['cropping', 'dataFormat'] : ['cropping']);
    args ??= {};
    checkDataFormat(owner, args.dataFormat);
    super(args);
    this.cropping = sidesPerAxis(owner, 'cropping', args.cropping ?? (axes === 1 ? 1 : 0), axes);
  }

  override build(inputShape: Shape): void {
    if (inputShape.length !== this.axes + 2) throw new Error(`${this.className} '${this.name}': expected input of rank ${this.axes + 2}, got shape [${inputShape.join(', ')}]`);
    this.computeOutputShape(inputShape);
    this.inputSpec = { ndim: this.axes + 2 };
  }

  call(x: Tensor): Tensor {
    const out = this.computeOutputShape(x.shape) as number[];
    return slice(x, x.shape.map((_, i) => (i === 0 || i > this.axes ? 0 : this.cropping[i - 1][0])), out);
  }

  override computeOutputShape(s: readonly (number | null)[]): (number | null)[] {
    return s.map((d, i) => {
      if (i === 0 || i > this.axes || d === null) return d;
      const [before, after] = this.cropping[i - 1];
      if (before + after >= d) throw new Error(`${this.className} '${this.name}': cropping ${before} + ${after} from axis ${i} of size ${d} leaves nothing`);
      return d - before - after;
    });
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), cropping: this.axes === 1 ? this.cropping[0].slice() : this.cropping.map((p) => p.slice()) };
  }
}

/**
 * Removes rows and columns at the borders of NHWC images: cropping n, [h, w] or [[top, bottom], [left, right]].
 * No weights. Keras `Cropping2D` (U-Net crops skip connections to match).
 * @example new Cropping2D({ cropping: [[1, 1], [2, 2]] })
 */
export class Cropping2D extends Cropping {
  static override className = 'Cropping2D';
  constructor(args: LayerArgs & { cropping?: number | readonly [number, number] | readonly [readonly [number, number], readonly [number, number]]; dataFormat?: string } = {}) {
    super(2, args);
  }
}

/**
 * Removes steps at the start and end of [batch, steps, channels]: cropping n or [start, end] (default 1). Keras `Cropping1D`.
 * @example new Cropping1D({ cropping: [1, 2] })
 */
export class Cropping1D extends Cropping {
  static override className = 'Cropping1D';
  constructor(args: LayerArgs & { cropping?: number | readonly [number, number] } = {}) {
    super(1, args);
  }
}
