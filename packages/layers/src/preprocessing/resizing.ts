import { Tensor, checkBoolean, checkChoice, checkNumber, describeValue, resizeBilinear, resizeNearestNeighbor, slice, type Shape } from '@rectify/core';
import { Layer, checkOptions, type LayerArgs } from '../layer.js';
import { checkDataFormat } from '../convolutional/conv-options.js';

/** The [top, left] offset and size of the centered window of aspect height : width in an image of h x w. */
function centeredWindow(h: number, w: number, height: number, width: number): [number, number, number, number] {
  const scale = Math.min(h / height, w / width);
  const ch = Math.round(height * scale);
  const cw = Math.round(width * scale);
  return [Math.floor((h - ch) / 2), Math.floor((w - cw) / 2), ch, cw];
}

function checkImage(layer: Layer, shape: readonly (number | null)[]): void {
  if (shape.length !== 4) throw new Error(`${layer.className} '${layer.name}': expected NHWC images of rank 4, got shape [${shape.join(', ')}]`);
}

/**
 * Resizes NHWC images to height x width (Keras semantics: half-pixel centers as tf.image.resize;
 * 'bilinear' by default, or 'nearest'); with cropToAspectRatio, the largest centered window of the target
 * aspect ratio is cut out first so nothing is distorted. No weights. Keras `Resizing`.
 * @example new Resizing({ height: 224, width: 224 })
 */
export class Resizing extends Layer {
  static override className = 'Resizing';
  readonly height: number;
  readonly width: number;
  readonly interpolation: 'bilinear' | 'nearest';
  readonly cropToAspectRatio: boolean;

  constructor(args: LayerArgs & { height: number; width: number; interpolation?: 'bilinear' | 'nearest'; cropToAspectRatio?: boolean; dataFormat?: string }) {
    checkOptions('Resizing', args, ['height', 'width', 'interpolation', 'cropToAspectRatio', 'dataFormat']);
    if (!args) throw new Error(`Resizing: options are required, e.g. new Resizing({ height: 224, width: 224 }); got ${describeValue(args)}`);
    checkDataFormat('Resizing', args.dataFormat);
    super(args);
    this.height = checkNumber('Resizing', 'height', args.height, { integer: true, min: 1 });
    this.width = checkNumber('Resizing', 'width', args.width, { integer: true, min: 1 });
    this.interpolation = checkChoice('Resizing', 'interpolation', args.interpolation, ['bilinear', 'nearest'], 'bilinear');
    this.cropToAspectRatio = checkBoolean('Resizing', 'cropToAspectRatio', args.cropToAspectRatio, false);
  }

  override build(inputShape: Shape): void {
    checkImage(this, inputShape);
  }

  call(x: Tensor): Tensor {
    checkImage(this, x.shape);
    let input = x;
    if (this.cropToAspectRatio) {
      const [top, left, h, w] = centeredWindow(x.shape[1], x.shape[2], this.height, this.width);
      input = slice(x, [0, top, left, 0], [-1, h, w, -1]);
    }
    const size: [number, number] = [this.height, this.width];
    return this.interpolation === 'bilinear' ? resizeBilinear(input, size, { halfPixelCenters: true }) : resizeNearestNeighbor(input, size, { halfPixelCenters: true });
  }

  override computeOutputShape(s: readonly (number | null)[]): (number | null)[] {
    return [s[0], this.height, this.width, s[3]];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), height: this.height, width: this.width, interpolation: this.interpolation, cropToAspectRatio: this.cropToAspectRatio };
  }
}

/**
 * Cuts the centered height x width window out of NHWC images (offsets floor((H - height) / 2)). Images
 * smaller than the window are refused. No weights. Keras `CenterCrop`.
 * @example new CenterCrop({ height: 224, width: 224 })
 */
export class CenterCrop extends Layer {
  static override className = 'CenterCrop';
  readonly height: number;
  readonly width: number;

  constructor(args: LayerArgs & { height: number; width: number; dataFormat?: string }) {
    checkOptions('CenterCrop', args, ['height', 'width', 'dataFormat']);
    if (!args) throw new Error(`CenterCrop: options are required, e.g. new CenterCrop({ height: 224, width: 224 }); got ${describeValue(args)}`);
    checkDataFormat('CenterCrop', args.dataFormat);
    super(args);
    this.height = checkNumber('CenterCrop', 'height', args.height, { integer: true, min: 1 });
    this.width = checkNumber('CenterCrop', 'width', args.width, { integer: true, min: 1 });
  }

  override build(inputShape: Shape): void {
    checkImage(this, inputShape);
    this.computeOutputShape(inputShape);
  }

  call(x: Tensor): Tensor {
    this.computeOutputShape(x.shape);
    const top = Math.floor((x.shape[1] - this.height) / 2);
    const left = Math.floor((x.shape[2] - this.width) / 2);
    return slice(x, [0, top, left, 0], [-1, this.height, this.width, -1]);
  }

  override computeOutputShape(s: readonly (number | null)[]): (number | null)[] {
    if ((s[1] !== null && s[1] < this.height) || (s[2] !== null && s[2] < this.width)) {
      throw new Error(`CenterCrop '${this.name}': images of ${s[1]}x${s[2]} are smaller than the ${this.height}x${this.width} crop; add a Resizing layer first`);
    }
    return [s[0], this.height, this.width, s[3]];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), height: this.height, width: this.width };
  }
}
