import { Tensor, describeValue, reshape, sizeOf, type Shape } from '@rectify/core';
import { checkDataFormat } from './convolutional/conv-options.js';
import { Layer, checkOptions, type LayerArgs } from './layer.js';

/**
 * Flattens every axis but the batch axis: [n, h, w, c] -> [n, h*w*c].
 * @example new Flatten()
 */
export class Flatten extends Layer {
  static override className = 'Flatten';
  constructor(args: LayerArgs = {}) {
    checkOptions('Flatten', args, ['dataFormat']);
    checkDataFormat('Flatten', (args as { dataFormat?: unknown } | undefined)?.dataFormat);
    super(args);
  }
  call(x: Tensor): Tensor {
    if (x.rank < 2) throw new Error(`Flatten '${this.name}': expected input of rank >= 2, got shape [${x.shape.join(', ')}]`);
    return reshape(x, [x.shape[0], sizeOf(x.shape.slice(1))]);
  }
  override computeOutputShape(inputShape: readonly (number | null)[]): (number | null)[] {
    const rest = inputShape.slice(1);
    return [inputShape[0], rest.some((d) => d === null) ? null : rest.reduce<number>((a, d) => a * (d as number), 1)];
  }
}

/**
 * Reshapes each sample to `targetShape` (batch axis kept); one entry may be -1.
 * @example new Reshape({ targetShape: [28, 28, 1] })
 */
export class Reshape extends Layer {
  static override className = 'Reshape';
  readonly targetShape: number[];
  constructor(args: LayerArgs & { targetShape: readonly number[] }) {
    checkOptions('Reshape', args, ['targetShape']);
    const target: unknown = args?.targetShape;
    const entries: unknown[] = Array.isArray(target) ? Array.from({ length: target.length }, (_, i) => (i in target ? target[i] : undefined)) : [];
    if (!Array.isArray(target) || entries.some((d) => typeof d !== 'number' || !Number.isInteger(d) || (d < 1 && d !== -1)) || entries.filter((d) => d === -1).length > 1) {
      throw new Error(`Reshape: targetShape must be positive integers with at most one -1, got ${describeValue(target)}`);
    }
    super(args);
    this.targetShape = [...args.targetShape];
  }
  private resolve(sampleShape: Shape): number[] {
    const size = sizeOf(sampleShape);
    const known = this.targetShape.filter((d) => d !== -1).reduce((a, d) => a * d, 1);
    const out = this.targetShape.map((d) => (d === -1 ? size / known : d));
    if (!Number.isInteger(sizeOf(out)) || sizeOf(out) !== size) {
      throw new Error(`Reshape '${this.name}': cannot reshape a sample of shape [${sampleShape.join(', ')}] (${size} values) to [${this.targetShape.join(', ')}]`);
    }
    return out;
  }
  call(x: Tensor): Tensor {
    return reshape(x, [x.shape[0], ...this.resolve(x.shape.slice(1))]);
  }
  override computeOutputShape(inputShape: readonly (number | null)[]): (number | null)[] {
    return [inputShape[0], ...this.resolve(inputShape.slice(1) as number[])];
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), targetShape: this.targetShape.slice() };
  }
}
