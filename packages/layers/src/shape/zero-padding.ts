import { Tensor, pad, type Shape } from '@rectify/core';
import { Layer, checkOptions, type LayerArgs } from '../layer.js';
import { checkDataFormat } from '../convolutional/conv-options.js';
import { sidesPerAxis } from './padding-spec.js';

abstract class ZeroPadding extends Layer {
  readonly padding: Array<[number, number]>;
  protected constructor(private readonly axes: number, args: LayerArgs & { padding?: unknown; dataFormat?: string }) {
    const owner = `ZeroPadding${axes}D`;
    checkOptions(owner, args, axes === 2 ? ['padding', 'dataFormat'] : ['padding']);
    args ??= {};
    checkDataFormat(owner, args.dataFormat);
    super(args);
    this.padding = sidesPerAxis(owner, 'padding', args.padding ?? 1, axes);
  }

  override build(inputShape: Shape): void {
    if (inputShape.length !== this.axes + 2) throw new Error(`${this.className} '${this.name}': expected input of rank ${this.axes + 2}, got shape [${inputShape.join(', ')}]`);
    this.inputSpec = { ndim: this.axes + 2 };
  }

  call(x: Tensor): Tensor {
    return pad(x, [[0, 0], ...this.padding, [0, 0]]);
  }

  override computeOutputShape(s: readonly (number | null)[]): (number | null)[] {
    return s.map((d, i) => (i === 0 || i > this.axes || d === null ? d : d + this.padding[i - 1][0] + this.padding[i - 1][1]));
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), padding: this.axes === 1 ? this.padding[0].slice() : this.padding.map((p) => p.slice()) };
  }
}

/**
 * Zero rows and columns around NHWC images: padding 1, [h, w], or [[top, bottom], [left, right]].
 * No weights. Keras `ZeroPadding2D` (MobileNet pads before its strided depthwise convolutions).
 * @example new ZeroPadding2D({ padding: [[0, 1], [0, 1]] })
 */
export class ZeroPadding2D extends ZeroPadding {
  static override className = 'ZeroPadding2D';
  constructor(args: LayerArgs & { padding?: number | readonly [number, number] | readonly [readonly [number, number], readonly [number, number]]; dataFormat?: string } = {}) {
    super(2, args);
  }
}

/**
 * Zero steps at the start and end of [batch, steps, channels]: padding n or [start, end]. No weights. Keras `ZeroPadding1D`.
 * @example new ZeroPadding1D({ padding: [2, 0] })
 */
export class ZeroPadding1D extends ZeroPadding {
  static override className = 'ZeroPadding1D';
  constructor(args: LayerArgs & { padding?: number | readonly [number, number] } = {}) {
    super(1, args);
  }
}
