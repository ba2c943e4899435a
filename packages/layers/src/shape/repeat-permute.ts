import { Tensor, checkNumber, describeValue, reshape, tile, transpose, type Shape } from '@rectify/core';
import { Layer, checkOptions, type LayerArgs } from '../layer.js';

/**
 * Repeats a [batch, features] input n times: [batch, n, features] (the bridge from an encoder vector to a
 * sequence decoder). No weights. Keras `RepeatVector`.
 * @example new RepeatVector({ n: 5 })
 */
export class RepeatVector extends Layer {
  static override className = 'RepeatVector';
  readonly n: number;

  constructor(args: LayerArgs & { n: number }) {
    checkOptions('RepeatVector', args, ['n']);
    if (!args) throw new Error(`RepeatVector: options are required, e.g. new RepeatVector({ n: 3 }); got ${describeValue(args)}`);
    super(args);
    this.n = checkNumber('RepeatVector', 'n', args.n, { integer: true, min: 1 });
  }

  override build(inputShape: Shape): void {
    if (inputShape.length !== 2) throw new Error(`RepeatVector '${this.name}': expected input of rank 2 [batch, features], got shape [${inputShape.join(', ')}]`);
    this.inputSpec = { ndim: 2 };
  }

  call(x: Tensor): Tensor {
    return tile(reshape(x, [x.shape[0], 1, x.shape[1]]), [1, this.n, 1]);
  }

  override computeOutputShape(s: readonly (number | null)[]): (number | null)[] {
    return [s[0], this.n, s[1]];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), n: this.n };
  }
}

/**
 * Reorders the non-batch axes: `dims` is a permutation of 1..rank-1 (1-based, as Keras), e.g. [2, 1]
 * swaps steps and features. No weights. Keras `Permute`.
 * @example new Permute({ dims: [2, 1] }) // [n, 10, 64] -> [n, 64, 10]
 */
export class Permute extends Layer {
  static override className = 'Permute';
  readonly dims: number[];

  constructor(args: LayerArgs & { dims: readonly number[] }) {
    checkOptions('Permute', args, ['dims']);
    const dims: unknown = args?.dims;
    const ok = Array.isArray(dims) && dims.length > 0 && [...dims].sort((a, b) => a - b).every((d, i) => d === i + 1);
    if (!ok) throw new Error(`Permute: dims must be a permutation of 1..${Array.isArray(dims) ? dims.length : 'n'} (axes counted from 1, the batch axis excluded), got ${describeValue(dims)}`);
    super(args);
    this.dims = [...(dims as number[])];
  }

  override build(inputShape: Shape): void {
    if (inputShape.length !== this.dims.length + 1) throw new Error(`Permute '${this.name}': dims ${JSON.stringify(this.dims)} need input of rank ${this.dims.length + 1}, got shape [${inputShape.join(', ')}]`);
    this.inputSpec = { ndim: this.dims.length + 1 };
  }

  call(x: Tensor): Tensor {
    return transpose(x, [0, ...this.dims]);
  }

  override computeOutputShape(s: readonly (number | null)[]): (number | null)[] {
    return [s[0], ...this.dims.map((d) => s[d])];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), dims: this.dims.slice() };
  }
}
