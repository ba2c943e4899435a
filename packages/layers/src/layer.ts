import { Tensor, allocate, assertShape, checkBoolean, checkChoice, checkOptions as checkCoreOptions, describeValue, formatShape, sizeOf, type DType, type Shape } from '@rectify/core';
import { Parameter } from './parameter.js';
import { Node, SymbolicTensor, formatSymbolicShape, isSymbolic, type SymbolicShape } from './graph/symbolic.js';
import { toSnakeCase, uniqueName } from './names.js';
import { getInitializer, type InitializerLike } from './initializers.js';
import { claimWeight } from './weight-budget.js';
import { getRegularizer, serializeRegularizer, type Regularizer, type RegularizerLike } from './regularizers.js';
import type { Constraint } from './constraints.js';
import { recordActivityLoss } from './losses.js';

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
  /** Penalty on the layer's output added to the training loss, divided by the batch size (Keras). */
  activityRegularizer?: RegularizerLike | null;
}

export interface CallOptions {
  /** Training mode: dropout drops, batch normalization uses batch statistics. */
  training?: boolean;
  /** Which steps of a sequence are real (1) and which are padding (0); given to layers that support masking. */
  mask?: Tensor | null;
}

/** One input shape or, for layers called on an array, one per input (batch axis included, null unknown). */
export type ShapeOrShapes = SymbolicShape | SymbolicShape[];


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
  /** Penalty added to the training loss. */
  regularizer?: Regularizer | null;
  /** Projection applied after every optimizer step. */
  constraint?: Constraint | null;
}

/** Keys every layer accepts in its options object. */
export const BASE_LAYER_KEYS = ['name', 'trainable', 'inputShape', 'batchInputShape', 'dtype', 'activityRegularizer'] as const;

/**
 * Rejects option keys a layer does not know (the base keys every layer takes are always valid), listing
 * the valid ones: a misspelt option must not be silently ignored. The core `checkOptions` with the base keys.
 */
export function checkOptions(layer: string, options: object | undefined, known: readonly string[]): void {
  checkCoreOptions(layer, options, [...BASE_LAYER_KEYS, ...known]);
}

/** A sample shape entry: a positive integer, or null for a size only known at call time. */
function checkShapeEntries(layer: string, option: string, shape: unknown, allowNullAt: (i: number) => boolean): (number | null)[] {
  if (!Array.isArray(shape)) throw new Error(`${layer}: ${option} must be an array of positive integers, got ${describeValue(shape)}`);
  return Array.from({ length: shape.length }, (_, i) => {
    const d: unknown = shape[i];
    if (d === null && allowNullAt(i)) return null;
    if (!(i in shape) || typeof d !== 'number' || !Number.isInteger(d) || d < 1) {
      throw new Error(`${layer}: ${option} ${describeValue(shape)} has ${i in shape ? describeValue(d) : 'a hole'} at index ${i}; expected positive integers${allowNullAt(i) ? ' (or null for any size)' : ''}`);
    }
    return d;
  });
}

/** The base options, checked: name a non-empty string, trainable a boolean, shapes of positive integers, a known dtype. */
function checkBaseArgs(layer: string, args: LayerArgs): void {
  if (args.name !== undefined && (typeof args.name !== 'string' || args.name.length === 0)) {
    throw new Error(`${layer}: name must be a non-empty string, got ${describeValue(args.name)}`);
  }
  checkBoolean(layer, 'trainable', args.trainable, true);
  checkChoice(layer, 'dtype', args.dtype, ['float32', 'float64'], 'float32');
  if (args.inputShape !== undefined && args.batchInputShape !== undefined) {
    throw new Error(`${layer}: give inputShape or batchInputShape, not both`);
  }
  if (args.inputShape !== undefined) checkShapeEntries(layer, 'inputShape', args.inputShape, () => true);
  if (args.batchInputShape !== undefined) checkShapeEntries(layer, 'batchInputShape', args.batchInputShape, () => true);
}

/**
 * The base of every layer (Keras semantics): weights are created lazily by `build(inputShape)` on the
 * first `apply`, then `call` runs the computation. `apply` on symbolic tensors (from `input()`) records the
 * call in a graph instead of computing. A layer can contain layers (`trackLayer`): its weights, trainable
 * flag and parameter count include theirs.
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
  /** Penalty on this layer's output, added to the training loss (null for none). */
  readonly activityRegularizer: Regularizer | null;
  protected inputSpec: InputSpec | null = null;
  /** Whether `call` honours `options.mask` (and passes it on through `computeMask`). */
  supportsMasking = false;
  /** Calls of this layer recorded in graphs, in order (Keras's inbound nodes). */
  readonly inboundNodes: Node[] = [];
  private readonly ownWeights: Parameter[] = [];
  private readonly tracked: Layer[] = [];

  constructor(args: LayerArgs = {}) {
    checkBaseArgs(new.target.className ?? 'Layer', args ?? {});
    args ??= {};
    this.name = args.name ?? uniqueName(toSnakeCase(this.className));
    this._trainable = args.trainable ?? true;
    this.dtype = args.dtype ?? 'float32';
    this.activityRegularizer = getRegularizer(args.activityRegularizer, `${new.target.className ?? 'Layer'}: activityRegularizer`);
    if (args.batchInputShape) this.batchInputShape = args.batchInputShape.slice();
    else if (args.inputShape) this.batchInputShape = [null, ...args.inputShape];
    // A build the user calls directly must count: wrap the subclass's build so it marks the layer built
    // once, and a later apply neither builds again nor makes a second set of weights.
    const build = this.build;
    this.build = (shape: never) => {
      if (this.built) return;
      build.call(this, shape);
      this.built = true;
    };
  }

  /** The registered class name of this layer. */
  get className(): string {
    return (this.constructor as typeof Layer).className;
  }

  get trainable(): boolean {
    return this._trainable;
  }

  /** Freezes (false) or unfreezes (true) every weight of this layer and of every layer inside it. */
  set trainable(value: boolean) {
    this._trainable = checkBoolean(`${this.className} '${this.name}'`, 'trainable', value, true);
    for (const w of this.ownWeights) w.requiresGrad = value && w.trainable;
    for (const layer of this.sublayers) layer.trainable = value;
  }

  /** The layers this layer contains (tracked with `trackLayer`; a model's are its layers). */
  get sublayers(): Layer[] {
    return this.tracked.slice();
  }

  /** Registers a layer used inside this one, so its weights and trainable flag belong to this layer too. */
  protected trackLayer<T extends Layer>(layer: T): T {
    if (!this.tracked.includes(layer)) this.tracked.push(layer);
    return layer;
  }

  /** Creates a weight named `<layer>/<name>`; call from `build`. */
  protected addWeight(name: string, options: AddWeightOptions): Parameter {
    assertShape(`${this.className} '${this.name}' weight '${name}'`, options.shape);
    const init = getInitializer(options.initializer ?? 'glorotUniform');
    // inside a weight budget (a model being loaded) the values are about to be overwritten: zeros suffice
    const value = claimWeight(this.name, name, options.shape)
      ? { values: allocate(this.dtype, sizeOf(options.shape)), shape: options.shape.slice() }
      : init.apply(options.shape, this.dtype);
    const trainable = options.trainable ?? true;
    const p = new Parameter(`${this.name}/${name}`, value.values, value.shape, trainable);
    p.requiresGrad = trainable && this._trainable;
    p.regularizer = options.regularizer ?? null;
    p.constraint = options.constraint ?? null;
    this.ownWeights.push(p);
    return p;
  }

  /**
   * Creates the weights for inputs of `inputShape` (batch axis included; an array of shapes for layers
   * called on several inputs). Runs once: `apply` calls it, and a direct call marks the layer built.
   */
  build(_inputShape: Shape | Shape[]): void {}

  /** The forward computation, on one tensor or (for merge and multi-input layers) an array. */
  abstract call(inputs: Tensor | Tensor[], options: CallOptions): Tensor | Tensor[];

  /** Output shape(s) for input shape(s), batch axis included, null for unknown. Default: unchanged. */
  computeOutputShape(inputShape: ShapeOrShapes): (number | null)[] | (number | null)[][] {
    return Array.isArray(inputShape[0]) ? (inputShape as SymbolicShape[]).map((s) => s.slice()) : (inputShape as SymbolicShape).slice() as (number | null)[];
  }

  /**
   * The mask of the outputs given the inputs' mask: passed through by layers that support masking. A layer
   * with several outputs may return one mask per output (null for outputs without one).
   */
  computeMask(_inputs: Tensor | Tensor[], mask: Tensor | null): Tensor | null | Array<Tensor | null> {
    if (!mask) return null;
    if (this.supportsMasking) return mask;
    throw new Error(`${this.className} '${this.name}' does not support masking but its input has a mask (from Embedding maskZero or Masking); remove the mask or put a layer that consumes it first`);
  }

  /**
   * Runs the layer on a tensor (or an array for multi-input layers), building it from the first input's
   * shape. On symbolic tensors from `input()`, records the call in a graph and returns symbolic outputs.
   * @example const y = new Dense({ units: 3 }).apply(tensor([[1, 2]]));
   */
  apply(inputs: Tensor, options?: CallOptions): Tensor;
  apply(inputs: SymbolicTensor, options?: CallOptions): SymbolicTensor;
  apply(inputs: SymbolicTensor | SymbolicTensor[], options?: CallOptions): SymbolicTensor | SymbolicTensor[];
  apply(inputs: Tensor | Tensor[], options?: CallOptions): Tensor | Tensor[];
  apply(inputs: Tensor | Tensor[] | SymbolicTensor | SymbolicTensor[], options: CallOptions = {}): Tensor | Tensor[] | SymbolicTensor | SymbolicTensor[] {
    const list: unknown[] = Array.isArray(inputs) ? inputs : [inputs];
    if (list.length === 0) throw new Error(`${this.className} '${this.name}': expected at least one input, got an empty array`);
    if (list.every(isSymbolic)) return this.applySymbolic(inputs as SymbolicTensor | SymbolicTensor[]);
    const bad = list.find((x) => !(x instanceof Tensor));
    if (bad !== undefined) {
      const got = bad === null ? 'null' : isSymbolic(bad) ? 'a mix of symbolic and real tensors' : typeof bad;
      throw new Error(`${this.className} '${this.name}': expected a Tensor${Array.isArray(inputs) ? ' in every position of the input array' : ' input'}, got ${got}`);
    }
    const tensors = inputs as Tensor | Tensor[];
    if (!this.built) this.build(Array.isArray(tensors) ? tensors.map((t) => t.shape) : tensors.shape);
    if (!Array.isArray(tensors)) this.checkInput(tensors.shape);
    const out = this.call(tensors, options);
    if (this.activityRegularizer) recordActivityLoss(this.activityRegularizer, out);
    return out;
  }

  private applySymbolic(inputs: SymbolicTensor | SymbolicTensor[]): SymbolicTensor | SymbolicTensor[] {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    const shapes = list.map((s) => s.shape);
    // weights depend on feature sizes, never on the batch: build with 1 where the size is unknown
    const concrete = shapes.map((s) => s.map((d) => d ?? 1));
    let out: (number | null)[] | (number | null)[][];
    try {
      if (!this.built) this.build(Array.isArray(inputs) ? concrete : concrete[0]);
      if (!Array.isArray(inputs)) this.checkInput(inputs.shape);
      out = this.computeOutputShape(Array.isArray(inputs) ? shapes : shapes[0]);
    } catch (e) {
      const from = list.map((s) => `'${s.sourceLayer.name}' ${formatSymbolicShape(s.shape)}`).join(', ');
      throw new Error(`${(e as Error).message} (input from ${from})`);
    }
    const several = out.length > 0 && Array.isArray(out[0]);
    const outShapes = several ? (out as (number | null)[][]) : [out as (number | null)[]];
    const node = new Node(this, list, Array.isArray(inputs));
    this.inboundNodes.push(node);
    const index = this.inboundNodes.length - 1;
    outShapes.forEach((shape, i) => node.outputs.push(new SymbolicTensor(shape, this.dtype, node, i, `${this.name}/${index}/${i}`)));
    return several ? node.outputs.slice() : node.outputs[0];
  }

  /** Builds the layer for an input shape without running it. */
  ensureBuilt(inputShape: Shape | Shape[]): void {
    if (!this.built) this.build(inputShape);
  }

  /** The symbolic output of this layer's only graph call (`layer.output` in Keras). */
  get output(): SymbolicTensor | SymbolicTensor[] {
    const node = this.onlyNode('output');
    return node.outputs.length === 1 ? node.outputs[0] : node.outputs.slice();
  }

  /** The symbolic input of this layer's only graph call. */
  get input(): SymbolicTensor | SymbolicTensor[] {
    const node = this.onlyNode('input');
    return node.inputIsList ? node.inputs.slice() : node.inputs[0];
  }

  /** The symbolic output(s) of the `nodeIndex`-th graph call of this layer. */
  getOutputAt(nodeIndex: number): SymbolicTensor | SymbolicTensor[] {
    const node = this.inboundNodes[nodeIndex];
    if (!node) throw new Error(`${this.className} '${this.name}': getOutputAt(${nodeIndex}): the layer has ${this.inboundNodes.length} graph call(s)`);
    return node.outputs.length === 1 ? node.outputs[0] : node.outputs.slice();
  }

  private onlyNode(what: string): Node {
    if (this.inboundNodes.length === 0) throw new Error(`${this.className} '${this.name}': the layer has not been called on a symbolic input (from input()), so it has no ${what}`);
    if (this.inboundNodes.length > 1) throw new Error(`${this.className} '${this.name}' has been called ${this.inboundNodes.length} times in graphs, so its ${what} is ambiguous; use getOutputAt(nodeIndex)`);
    return this.inboundNodes[0];
  }

  protected checkInput(shape: readonly (number | null)[]): void {
    const spec = this.inputSpec;
    if (!spec) return;
    // the message is built only when thrown: this runs on every call of every layer
    const fail = (expected: string) => new Error(`${this.className} '${this.name}': expected ${expected}, got shape ${formatSymbolicShape(shape)}`);
    if (spec.ndim !== undefined && shape.length !== spec.ndim) throw fail(`input of rank ${spec.ndim}`);
    if (spec.minNdim !== undefined && shape.length < spec.minNdim) throw fail(`input of rank >= ${spec.minNdim}`);
    for (const [key, size] of Object.entries(spec.axes ?? {})) {
      const axis = Number(key) < 0 ? shape.length + Number(key) : Number(key);
      if (shape[axis] !== size && shape[axis] !== null) throw fail(`axis ${key} of the input to have size ${size}`);
    }
  }

  /** All weights, this layer's first, then its sublayers' (each once), in creation order (Keras order). */
  get weights(): Parameter[] {
    const out = this.ownWeights.slice();
    for (const layer of this.sublayers) for (const w of layer.weights) if (!out.includes(w)) out.push(w);
    return out;
  }

  get trainableWeights(): Parameter[] {
    if (!this._trainable) return [];
    const out = this.ownWeights.filter((w) => w.trainable);
    for (const layer of this.sublayers) for (const w of layer.trainableWeights) if (!out.includes(w)) out.push(w);
    return out;
  }

  get nonTrainableWeights(): Parameter[] {
    if (!this._trainable) return this.weights;
    const trainable = new Set(this.trainableWeights);
    return this.weights.filter((w) => !trainable.has(w));
  }

  /**
   * The weight penalties of this layer and the layers inside it (each trainable weight's regularizer applied to its
   * current value), as scalar tensors: what the fit loop adds to the loss besides activity penalties.
   */
  get losses(): Tensor[] {
    return this.trainableWeights.filter((w) => w.regularizer).map((w) => w.regularizer!.apply(w));
  }

  /** Number of scalars across all weights (shared weights counted once). */
  countParams(): number {
    return this.weights.reduce((n, w) => n + w.size, 0);
  }

  /** Copies of the weight values, in weight order. */
  getWeights(): Tensor[] {
    return this.weights.map((w) => new Tensor(w.values.slice(), w.shape));
  }

  /** Replaces the weight values (same count, same shapes), keeping the parameters themselves. */
  setWeights(weights: readonly Tensor[]): void {
    const own = this.weights;
    if (!Array.isArray(weights) || weights.length !== own.length) {
      throw new Error(`${this.className} '${this.name}': setWeights expected ${own.length} tensors (${own.map((w) => w.name).join(', ') || 'none'}), got ${Array.isArray(weights) ? weights.length : typeof weights}`);
    }
    weights.forEach((value, i) => {
      const w = own[i];
      if (!(value instanceof Tensor) || value.shape.length !== w.shape.length || value.shape.some((d, j) => d !== w.shape[j])) {
        throw new Error(`${this.className} '${this.name}': weight ${w.name} has shape ${formatShape(w.shape)} but setWeights got ${value instanceof Tensor ? formatShape(value.shape) : typeof value}`);
      }
    });
    weights.forEach((value, i) => own[i].assign(value));
  }

  /** The constructor options that recreate this layer (Keras `get_config`, camelCase keys). */
  getConfig(): Record<string, unknown> {
    const config: Record<string, unknown> = { name: this.name, trainable: this._trainable, dtype: this.dtype };
    if (this.batchInputShape) config.batchInputShape = this.batchInputShape.slice();
    if (this.activityRegularizer) config.activityRegularizer = serializeRegularizer(this.activityRegularizer);
    return config;
  }
}
