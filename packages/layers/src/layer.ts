import { Tensor, allocate, formatShape, sizeOf, type DType, type Shape } from '@rectify/core';
import { Parameter } from './parameter.js';
import { toSnakeCase, uniqueName } from './names.js';
import { getInitializer, type InitializerLike } from './initializers.js';
import { claimWeight } from './weight-budget.js';

export interface LayerArgs {
  /** Unique name; defaults to the snake-cased class name with a counter (`dense_1`). */
  name?: string;
  /** False freezes every weight of the layer. Default true. */
  trainable?: boolean;
  /** Shape of one sample (no batch axis), for the first layer of a Sequential model. */
  inputShape?: readonly number[];
  /** Full input shape with the batch axis (null for any batch size). */
  batchInputShape?: readonly (number | null)[];
  /** Weight dtype. Default 'float32'. */
  dtype?: DType;
}

export interface CallOptions {
  /** Training mode: dropout drops, batch normalization uses batch statistics. */
  training?: boolean;
}

/** What a built layer accepts: checked on every call so bad input fails with a clear message. */
export interface InputSpec {
  ndim?: number;
  minNdim?: number;
  /** Required sizes of given axes (negative axes count from the end). */
  axes?: Record<number, number>;
}

export interface AddWeightOptions {
  shape: readonly number[];
  initializer?: InitializerLike;
  trainable?: boolean;
}

/** Keys every layer accepts in its options object. */
export const BASE_LAYER_KEYS = ['name', 'trainable', 'inputShape', 'batchInputShape', 'dtype'] as const;

/**
 * Rejects option keys a layer does not know, listing the valid ones (a misspelt option must not be
 * silently ignored).
 */
export function checkOptions(layer: string, options: object | undefined, known: readonly string[]): void {
  if (options === undefined || options === null) return;
  if (typeof options !== 'object') throw new Error(`${layer}: options must be an object, got ${typeof options}`);
  const valid = new Set<string>([...BASE_LAYER_KEYS, ...known]);
  for (const key of Object.keys(options)) {
    if (!valid.has(key)) {
      throw new Error(`${layer}: unknown option '${key}'; valid options are ${[...valid].sort().join(', ')}`);
    }
  }
}

/**
 * The base of every layer (Keras semantics): weights are created lazily by `build(inputShape)` on the
 * first `apply`, then `call` runs the computation.
 */
export abstract class Layer {
  /** The class name used in saved configs (`Dense`, `PReLU`, ...). */
  static className = 'Layer';
  readonly name: string;
  protected _trainable: boolean;
  built = false;
  /** Shape of one sample, when given (first layer of a model). */
  readonly batchInputShape: readonly (number | null)[] | undefined;
  readonly dtype: DType;
  protected inputSpec: InputSpec | null = null;
  private readonly _weights: Parameter[] = [];

  constructor(args: LayerArgs = {}) {
    this.name = args.name ?? uniqueName(toSnakeCase(this.className));
    this._trainable = args.trainable ?? true;
    this.dtype = args.dtype ?? 'float32';
    if (args.batchInputShape) this.batchInputShape = args.batchInputShape.slice();
    else if (args.inputShape) this.batchInputShape = [null, ...args.inputShape];
  }

  /** The registered class name of this layer. */
  get className(): string {
    return (this.constructor as typeof Layer).className;
  }

  get trainable(): boolean {
    return this._trainable;
  }

  set trainable(value: boolean) {
    this._trainable = value;
    for (const w of this._weights) w.requiresGrad = value && w.trainable;
  }

  /** Creates a weight named `<layer>/<name>`; call from `build`. */
  protected addWeight(name: string, options: AddWeightOptions): Parameter {
    const init = getInitializer(options.initializer ?? 'glorotUniform');
    // inside a weight budget (a model being loaded) the values are about to be overwritten: zeros suffice
    const value = claimWeight(this.name, name, options.shape)
      ? { data: allocate(this.dtype, sizeOf(options.shape)), shape: options.shape.slice() }
      : init.apply(options.shape, this.dtype);
    const trainable = options.trainable ?? true;
    const p = new Parameter(`${this.name}/${name}`, value.data, value.shape, trainable);
    p.requiresGrad = trainable && this._trainable;
    this._weights.push(p);
    return p;
  }

  /** Creates the weights for inputs of `inputShape` (with batch axis). Default: no weights. */
  build(_inputShape: Shape): void {}

  /** The forward computation on one tensor. */
  abstract call(x: Tensor, options: CallOptions): Tensor;

  /** Output shape for an input shape (batch axis included, null for unknown). Default: unchanged. */
  computeOutputShape(inputShape: readonly (number | null)[]): (number | null)[] {
    return inputShape.slice();
  }

  /** Builds once from the first input's shape, checks the input, then calls. */
  apply(x: Tensor, options: CallOptions = {}): Tensor {
    if (!(x instanceof Tensor)) throw new Error(`${this.name}: expected a Tensor input, got ${x === null ? 'null' : typeof x}`);
    if (!this.built) {
      this.build(x.shape);
      this.built = true;
    }
    this.checkInput(x.shape);
    return this.call(x, options);
  }

  /** Builds the layer for an input shape without running it (used by Sequential). */
  ensureBuilt(inputShape: Shape): void {
    if (!this.built) {
      this.build(inputShape);
      this.built = true;
    }
  }

  protected checkInput(shape: Shape): void {
    const spec = this.inputSpec;
    if (!spec) return;
    const what = `${this.className} '${this.name}'`;
    if (spec.ndim !== undefined && shape.length !== spec.ndim) {
      throw new Error(`${what}: expected input of rank ${spec.ndim}, got shape ${formatShape(shape)}`);
    }
    if (spec.minNdim !== undefined && shape.length < spec.minNdim) {
      throw new Error(`${what}: expected input of rank >= ${spec.minNdim}, got shape ${formatShape(shape)}`);
    }
    for (const [key, size] of Object.entries(spec.axes ?? {})) {
      const axis = Number(key) < 0 ? shape.length + Number(key) : Number(key);
      if (shape[axis] !== size) {
        throw new Error(`${what}: expected axis ${key} of the input to have size ${size}, got shape ${formatShape(shape)}`);
      }
    }
  }

  /** All weights, in creation order (Keras weight order). */
  get weights(): Parameter[] {
    return this._weights.slice();
  }

  get trainableWeights(): Parameter[] {
    return this._trainable ? this._weights.filter((w) => w.trainable) : [];
  }

  get nonTrainableWeights(): Parameter[] {
    return this._trainable ? this._weights.filter((w) => !w.trainable) : this._weights.slice();
  }

  /** Number of scalars across all weights. */
  countParams(): number {
    return this._weights.reduce((n, w) => n + w.size, 0);
  }

  /** Copies of the weight values, in weight order. */
  getWeights(): Tensor[] {
    return this._weights.map((w) => new Tensor(w.data.slice(), w.shape));
  }

  /** Replaces the weight values (same count, same shapes), keeping the parameters themselves. */
  setWeights(weights: readonly Tensor[]): void {
    if (!Array.isArray(weights) || weights.length !== this._weights.length) {
      throw new Error(`${this.className} '${this.name}': setWeights expected ${this._weights.length} tensors (${this._weights.map((w) => w.name).join(', ') || 'none'}), got ${Array.isArray(weights) ? weights.length : typeof weights}`);
    }
    weights.forEach((value, i) => {
      const w = this._weights[i];
      if (!(value instanceof Tensor) || value.shape.length !== w.shape.length || value.shape.some((d, j) => d !== w.shape[j])) {
        throw new Error(`${this.className} '${this.name}': weight ${w.name} has shape ${formatShape(w.shape)} but setWeights got ${value instanceof Tensor ? formatShape(value.shape) : typeof value}`);
      }
    });
    weights.forEach((value, i) => this._weights[i].assign(value));
  }

  /** The constructor options that recreate this layer (Keras `get_config`, camelCase keys). */
  getConfig(): Record<string, unknown> {
    const config: Record<string, unknown> = { name: this.name, trainable: this._trainable, dtype: this.dtype };
    if (this.batchInputShape) config.batchInputShape = this.batchInputShape.slice();
    return config;
  }
}
