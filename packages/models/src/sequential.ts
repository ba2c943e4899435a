import { Tensor, formatShape, type Shape } from '@rectify/core';
import { Dense, Layer, Softmax, checkOptions, type CallOptions, type LayerArgs, type Parameter } from '@rectify/layers';
import { getOptimizer, type Optimizer } from '@rectify/optim';
import { getLoss, lossName, type LossFn } from './losses.js';
import { getMetric, type MetricFn } from './metrics.js';
import { formatSummary, type SummaryOptions } from './summary.js';
import { fitModel, evaluateModel, predictModel, type FitOptions, type EvaluateOptions } from './training/loop.js';
import type { History } from './callbacks/history.js';

/** Arguments of `compile`. */
export interface CompileArgs {
  optimizer: string | Optimizer;
  loss: string | LossFn;
  metrics?: Array<string | MetricFn>;
}

const FUSABLE = new Set(['categoricalCrossentropy', 'sparseCategoricalCrossentropy']);

/**
 * A linear stack of layers (Keras Sequential).
 * @example
 * const model = new Sequential({ layers: [new Dense({ units: 2, activation: 'relu', inputShape: [2] })] });
 * model.summary();
 */
export class Sequential extends Layer {
  static override className = 'Sequential';
  readonly layers: Layer[] = [];
  optimizer: Optimizer | null = null;
  /** The resolved loss function (null before compile). */
  loss: LossFn | null = null;
  /** Metric names and functions, in compile order. */
  metrics: Array<[string, MetricFn]> = [];
  /** What `compile` was given, for saving. */
  compileConfig: CompileArgs | null = null;
  /** Set by callbacks to end `fit` after the current batch or epoch. */
  stopTraining = false;
  private builtInputShape: Shape | null = null;

  constructor(args: LayerArgs & { layers?: Layer[] } = {}) {
    checkOptions('Sequential', args, ['layers']);
    super(args);
    for (const layer of args.layers ?? []) this.add(layer);
  }

  /** Appends a layer; the first layer's inputShape (if given) builds the model at once. */
  add(layer: Layer): void {
    if (!(layer instanceof Layer)) throw new Error(`Sequential.add: expected a Layer, got ${layer === null ? 'null' : typeof layer}`);
    if (this.layers.includes(layer)) throw new Error(`Sequential.add: layer '${layer.name}' is already in the model`);
    this.layers.push(layer);
    this.builtInputShape = null;
    this.built = false;
    const first = this.layers[0].batchInputShape;
    if (first) this.build(first.map((d) => d ?? 1));
  }

  /** Shape of the model's input (batch axis null), once known. */
  get inputShape(): (number | null)[] | null {
    return this.builtInputShape ? [null, ...this.builtInputShape.slice(1)] : null;
  }

  /** Shape of the model's output (batch axis null), once built. */
  get outputShape(): (number | null)[] | null {
    return this.layerOutputShapes()?.at(-1)?.slice() ?? null;
  }

  /** Builds every layer for an input shape (batch axis included). */
  override build(inputShape: Shape): void {
    if (this.layers.length === 0) throw new Error('Sequential: cannot build a model without layers');
    let shape: (number | null)[] = inputShape.slice();
    for (const layer of this.layers) {
      layer.ensureBuilt(shape.map((d) => d ?? 1));
      shape = layer.computeOutputShape(shape);
    }
    this.builtInputShape = inputShape.slice();
    this.built = true;
  }

  /** Output shape of each layer (batch axis null), or null if not built. */
  layerOutputShapes(): Array<(number | null)[]> | null {
    if (!this.builtInputShape) return null;
    let shape: (number | null)[] = [null, ...this.builtInputShape.slice(1)];
    return this.layers.map((layer) => (shape = layer.computeOutputShape(shape)));
  }

  override computeOutputShape(inputShape: readonly (number | null)[]): (number | null)[] {
    let shape = inputShape.slice();
    for (const layer of this.layers) shape = layer.computeOutputShape(shape);
    return shape;
  }

  /** Checks that a batch fits the model's input shape (after the batch axis). */
  checkInputShape(op: string, x: Tensor): void {
    if (!(x instanceof Tensor)) throw new Error(`${op}: expected a Tensor input, got ${x === null ? 'null' : typeof x}`);
    if (!this.builtInputShape) return;
    const want = this.builtInputShape.slice(1);
    const got = x.shape.slice(1);
    if (want.length !== got.length || want.some((d, i) => d !== got[i])) {
      throw new Error(`${op}: model '${this.name}' expects samples of shape ${formatShape(want)}, got input ${formatShape(x.shape)}`);
    }
  }

  call(x: Tensor, options: CallOptions = {}): Tensor {
    let y = x;
    for (const layer of this.layers) y = layer.apply(y, options);
    return y;
  }

  override apply(x: Tensor, options: CallOptions = {}): Tensor {
    if (!(x instanceof Tensor)) throw new Error(`${this.name}: expected a Tensor input, got ${x === null ? 'null' : typeof x}`);
    if (!this.built) this.build(x.shape);
    this.checkInputShape(this.name, x);
    return this.call(x, options);
  }

  /** Runs the model and returns the loss (and predictions); softmax + crossentropy are fused for stability. */
  computeLoss(x: Tensor, y: Tensor, options: CallOptions = {}): { loss: Tensor; predictions: Tensor } {
    if (!this.loss) throw new Error(`${this.name}: compile the model before computing a loss`);
    const last = this.layers.at(-1);
    const name = lossName(this.loss);
    const fused = name !== undefined && FUSABLE.has(name) && ((last instanceof Dense && last.activation === 'softmax') || (last instanceof Softmax && last.axis === -1));
    if (!fused) {
      const predictions = this.apply(x, options);
      return { loss: this.loss(y, predictions), predictions };
    }
    // log(softmax(z)) computed from z directly never takes log(0)
    if (!this.built) this.build(x.shape);
    this.checkInputShape(this.name, x);
    let h = x;
    for (const layer of this.layers.slice(0, -1)) h = layer.apply(h, options);
    const logits = last instanceof Dense ? last.applyLinear(h) : h;
    const loss = (this.loss as (t: Tensor, p: Tensor, o: object) => Tensor)(y, logits, { fromLogits: true });
    return { loss, predictions: logits.softmax(-1) };
  }

  override get weights(): Parameter[] {
    return this.layers.flatMap((l) => l.weights);
  }
  override get trainableWeights(): Parameter[] {
    return this.trainable ? this.layers.flatMap((l) => l.trainableWeights) : [];
  }
  override get nonTrainableWeights(): Parameter[] {
    return this.trainable ? this.layers.flatMap((l) => l.nonTrainableWeights) : this.weights;
  }
  override countParams(): number {
    return this.layers.reduce((n, l) => n + l.countParams(), 0);
  }
  override getWeights(): Tensor[] {
    return this.layers.flatMap((l) => l.getWeights());
  }
  override setWeights(weights: readonly Tensor[]): void {
    const expected = this.weights.length;
    if (!Array.isArray(weights) || weights.length !== expected) {
      throw new Error(`Sequential '${this.name}': setWeights expected ${expected} tensors (${this.weights.map((w) => w.name).join(', ')}), got ${Array.isArray(weights) ? weights.length : typeof weights}`);
    }
    let i = 0;
    for (const layer of this.layers) {
      const n = layer.weights.length;
      layer.setWeights(weights.slice(i, i + n));
      i += n;
    }
  }

  /** Prints (through `printFn`) and returns the Keras-style summary table. */
  summary(options: SummaryOptions = {}): string {
    const text = formatSummary(this, options);
    (options.printFn ?? console.log)(text);
    return text;
  }

  /** Sets the optimizer, loss and metrics (names or objects); unknown names are listed in the error. */
  compile(args: CompileArgs): void {
    if (!args || typeof args !== 'object') throw new Error('compile: expected { optimizer, loss, metrics? }');
    checkOptions('compile', args, ['optimizer', 'loss', 'metrics']);
    if (args.optimizer === undefined) throw new Error('compile: optimizer is required (e.g. "adam")');
    if (args.loss === undefined) throw new Error('compile: loss is required (e.g. "sparseCategoricalCrossentropy")');
    this.optimizer = getOptimizer(args.optimizer);
    this.loss = getLoss(args.loss);
    this.metrics = (args.metrics ?? []).map(getMetric);
    this.compileConfig = { ...args, metrics: args.metrics?.slice() };
  }

  /** Trains for `epochs` passes over (x, y); resolves to the History. */
  fit(x: Tensor, y: Tensor, options: FitOptions = {}): Promise<History> {
    return fitModel(this, x, y, options);
  }

  /** Loss and metrics over (x, y), in batches. */
  evaluate(x: Tensor, y: Tensor, options: EvaluateOptions = {}): Record<string, number> {
    return evaluateModel(this, x, y, options);
  }

  /** Outputs for x, computed in batches without recording gradients. */
  predict(x: Tensor, options: { batchSize?: number } = {}): Tensor {
    return predictModel(this, x, options);
  }

  /** Saves model.json + weights.bin (TF.js LayersModel format) into `dir`, atomically. */
  async save(dir: string): Promise<{ modelJson: string; weights: string }> {
    const { saveModel } = await import('./io/index.js');
    return saveModel(this, dir);
  }

  override getConfig(): Record<string, unknown> {
    return { name: this.name, layers: this.layers.map((l) => ({ className: l.className, config: l.getConfig() })) };
  }
}
