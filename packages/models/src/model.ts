import { Tensor, checkOptions as checkCoreOptions, type Shape } from '@rectify/core';
import { InputLayer, Layer, checkOptions, collectActivityLosses, type CallOptions, type LayerArgs, type Node, type ShapeOrShapes, type SymbolicShape, type SymbolicTensor } from '@rectify/layers';
import { getOptimizer, type Optimizer } from '@rectify/optim';
import { buildNetwork, type Network } from './graph/network.js';
import { executeNetwork, type GraphObserver } from './graph/execute.js';
import { inferOutputShapes, checkInputShapes } from './graph/shapes.js';
import { graphSummaryRows } from './graph/summary-rows.js';
import { formatSummary, type SummaryOptions, type SummaryRow } from './summary.js';
import { resolveTargets, totalLoss, type CompileArgs, type OutputTarget } from './training/compile-config.js';
import { fitModel, evaluateModel, evaluateDatasetModel, predictModel, predictDatasetModel, type FitOptions, type EvaluateOptions, type PredictOptions } from './training/loop.js';
import { isDatasetLike, type DatasetLike } from './training/dataset-batches.js';
import { describeValue } from './training/tensor-structure.js';
import { toTensorList, type TensorStructure } from './training/structure.js';
import { addPenalties, applyConstraints } from './training/regularization.js';
import { checkTargets } from './training/check-targets.js';
import type { Logs } from './callbacks/callback.js';
import type { LossFn } from './losses.js';
import type { MetricFn } from './metrics.js';
import type { History } from './callbacks/history.js';
import { saveModel, type SaveOptions, type SaveResult } from './io/index.js';

/** Options of `new Model(...)` and `model(...)`. */
export interface ModelArgs extends LayerArgs {
  inputs: SymbolicTensor | SymbolicTensor[];
  outputs: SymbolicTensor | SymbolicTensor[];
}

/** One training batch as `trainStep` receives it: tensors in the model's input and output order. */
export interface Batch {
  x: Tensor[];
  y: Tensor[];
  /** A weight per sample for the loss (sample weights times class weights), when given. */
  sampleWeight?: Tensor;
}

/** The result of running the model on a batch with its compiled loss. */
export interface LossResult {
  /** The weighted total loss (a scalar). */
  loss: Tensor;
  /** Each output's own loss (null for outputs compiled without a loss). */
  outputLosses: Array<Tensor | null>;
  /** The model's outputs, in output order. */
  predictions: Tensor[];
}

/**
 * A model: a graph of layers from inputs to outputs, with training (Keras's functional `Model`, TF.js's
 * `LayersModel`). `Sequential` builds on it. A model is a layer, so models nest.
 * @example
 * const x = input({ shape: [784] });
 * const h = new Dense({ units: 128, activation: 'relu' }).apply(x);
 * const m = new Model({ inputs: x, outputs: new Dense({ units: 10, activation: 'softmax' }).apply(h) });
 * m.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
 */
export class Model extends Layer {
  static override className = 'Functional';
  optimizer: Optimizer | null = null;
  /** Per output: its loss, loss weight and metrics (empty before compile). */
  targets: OutputTarget[] = [];
  /** What `compile` was given, for saving. */
  compileConfig: CompileArgs | null = null;
  /** Set by callbacks to end `fit` after the current batch or epoch. */
  stopTraining = false;
  protected network: Network | null = null;

  constructor(args: ModelArgs | LayerArgs = {}) {
    const graph = args as Partial<ModelArgs>;
    const isGraph = graph.inputs !== undefined || graph.outputs !== undefined;
    if (isGraph) checkOptions('Model', args, ['inputs', 'outputs']);
    const { inputs, outputs, ...layerArgs } = graph;
    super(layerArgs);
    if (isGraph) this.setNetwork(buildNetwork(this.name, inputs, outputs));
    else if (new.target === Model) throw new Error('Model: expected { inputs, outputs } (symbolic tensors from input() and layer.apply), or use Sequential for a stack of layers');
  }

  /** Installs the graph the model runs. */
  protected setNetwork(network: Network): void {
    this.network = network;
    this.built = true;
  }

  /** The graph, or a clear error when the model has none yet (a Sequential without an input shape). */
  protected requireNetwork(op: string): Network {
    if (!this.network) throw new Error(`${op}: model '${this.name}' is not built yet; give its first layer an inputShape or call it on data first`);
    return this.network;
  }

  /** The symbolic inputs of the model. */
  get inputs(): SymbolicTensor[] {
    return this.requireNetwork('inputs').inputs.slice();
  }

  /** The symbolic outputs of the model. */
  get outputs(): SymbolicTensor[] {
    return this.requireNetwork('outputs').outputs.slice();
  }

  /** The layer calls of the model's graph, in the order they run. */
  graphNodes(): Node[] {
    return this.network ? this.network.nodes.slice() : [];
  }

  /** Every layer once, in graph order (input layers first). */
  get layers(): Layer[] {
    return this.network ? this.network.layers.slice() : [];
  }

  override get sublayers(): Layer[] {
    return this.layers;
  }

  /** Names of the input layers, the keys of `x` given as a record. */
  get inputNames(): string[] {
    return this.requireNetwork('inputNames').inputs.map((t) => t.sourceLayer.name);
  }

  /** Names of the outputs (their layers' names), the keys of `y`, `loss` and `metrics` given as records. */
  get outputNames(): string[] {
    const names = this.requireNetwork('outputNames').outputs.map((t) => t.sourceLayer.name);
    return names.map((n, i) => (names.indexOf(n) === i && names.lastIndexOf(n) === i ? n : `${n}_${names.slice(0, i + 1).filter((m) => m === n).length}`));
  }

  /**
   * A layer by name or by index in `layers`.
   * @example model.getLayer('conv_pw_13_relu').output
   */
  getLayer(nameOrIndex: string | number): Layer {
    const layers = this.layers;
    if (typeof nameOrIndex === 'number') {
      if (!Number.isInteger(nameOrIndex) || nameOrIndex < 0 || nameOrIndex >= layers.length) throw new Error(`getLayer: index ${nameOrIndex} is out of range; model '${this.name}' has ${layers.length} layers`);
      return layers[nameOrIndex];
    }
    const found = layers.find((l) => l.name === nameOrIndex);
    if (!found) throw new Error(`getLayer: model '${this.name}' has no layer named ${JSON.stringify(nameOrIndex)}; its layers are ${layers.map((l) => l.name).join(', ')}`);
    return found;
  }

  /** Shapes of one sample of each input, checked against data before running. */
  checkInputs(op: string, xs: readonly Tensor[]): void {
    checkInputShapes(op, this.name, this.requireNetwork(op).inputs, xs);
  }


  /** Runs the graph on real tensors: one per input (an array for several inputs). */
  call(inputs: Tensor | Tensor[], options: CallOptions = {}): Tensor | Tensor[] {
    const network = this.requireNetwork(this.name);
    const list = Array.isArray(inputs) ? inputs : [inputs];
    if (list.length !== network.inputs.length) throw new Error(`Model '${this.name}': expected ${network.inputs.length} input(s) (${this.inputNames.join(', ')}), got ${list.length}`);
    this.checkInputs(this.name, list);
    const outs = executeNetwork(network, list, options);
    return outs.length === 1 ? outs[0] : outs;
  }

  /**
   * Runs the model's graph on inputs in order, showing every layer call's outputs to `observe`
   * (diagnostics read each layer's output this way).
   */
  runGraph(xs: readonly Tensor[], options: CallOptions, observe?: GraphObserver): Tensor[] {
    const network = this.requireNetwork(this.name);
    this.checkInputs(this.name, xs);
    return executeNetwork(network, xs, options, observe);
  }

  override computeOutputShape(inputShape: ShapeOrShapes): (number | null)[] | (number | null)[][] {
    const network = this.requireNetwork(this.name);
    const shapes = network.inputs.length === 1 && !Array.isArray(inputShape[0]) ? [inputShape as SymbolicShape] : (inputShape as SymbolicShape[]);
    const out = inferOutputShapes(network, shapes);
    return out.length === 1 ? out[0] : out;
  }

  override build(_inputShape: Shape | Shape[]): void {
    this.requireNetwork(this.name);
  }

  /** Sets the optimizer, the loss (per output if several) and metrics; unknown names are listed in the error. */
  compile(args: CompileArgs): void {
    if (!args || typeof args !== 'object') throw new Error('compile: expected { optimizer, loss, lossWeights?, metrics? }');
    checkCoreOptions('compile', args, ['optimizer', 'loss', 'lossWeights', 'metrics']);
    if (args.optimizer === undefined) throw new Error('compile: optimizer is required (e.g. "adam")');
    if (args.loss === undefined) throw new Error('compile: loss is required (e.g. "sparseCategoricalCrossentropy")');
    const targets = resolveTargets(args, this.network ? this.outputNames : ['output']);
    this.optimizer = getOptimizer(args.optimizer);
    this.targets = targets;
    this.compileConfig = { ...args };
  }

  /** The compiled loss of the first output (null before compile). */
  get loss(): LossFn | null {
    return this.targets[0]?.loss ?? null;
  }

  /** Every output's metrics as [log name, function] pairs, in compile order. */
  get metrics(): Array<[string, MetricFn]> {
    return this.targets.flatMap((t) => t.metrics);
  }

  /** Whether `compile` has been called. */
  get compiled(): boolean {
    return this.optimizer !== null && this.targets.length > 0;
  }

  /** The targets for this model's outputs (a model compiled before it was built gets them now). */
  outputTargets(op: string): OutputTarget[] {
    if (!this.compiled || !this.compileConfig) throw new Error(`${op}: model '${this.name}' must be compiled first: call model.compile({ optimizer, loss, metrics })`);
    const names = this.outputNames;
    if (this.targets.length !== names.length || this.targets.some((t, i) => t.output !== names[i])) this.targets = resolveTargets(this.compileConfig, names);
    return this.targets;
  }

  /**
   * Runs the model on a batch and computes the compiled loss (crossentropy on softmax fused for stability)
   * plus the layers' regularization penalties (`layer.losses` and activity regularizers), as Keras.
   */
  computeLoss(x: Tensor | Tensor[], y: Tensor | Tensor[], options: CallOptions & { sampleWeight?: Tensor } = {}): LossResult {
    const targets = this.outputTargets('computeLoss');
    const xs = Array.isArray(x) ? x : [x];
    const ys = Array.isArray(y) ? y : [y];
    const { sampleWeight, ...callOptions } = options;
    const { result: out, losses: activity } = collectActivityLosses(() => this.apply(xs.length === 1 ? xs[0] : xs, callOptions));
    const predictions = Array.isArray(out) ? out : [out];
    const { loss, perOutput } = totalLoss(targets, ys, predictions, sampleWeight);
    return { loss: addPenalties(loss, [...this.losses, ...activity]), outputLosses: perOutput, predictions };
  }

  /** Loss and metric values of one batch, with Keras's names (`loss`, `dense_1_loss`, `accuracy`, ...). */
  protected batchLogs(result: LossResult, ys: readonly Tensor[]): Logs {
    const targets = this.targets;
    const logs: Logs = { loss: result.loss.item() };
    const several = targets.length > 1;
    targets.forEach((t, i) => {
      const l = result.outputLosses[i];
      if (several && l) logs[`${t.output}_loss`] = l.item();
      for (const [name, fn] of t.metrics) logs[name] = fn(ys[i], result.predictions[i]);
    });
    return logs;
  }

  /**
   * One optimization step on a batch, returning its logs (Keras 3's `train_step`). `fit` calls it for every
   * batch: override it for custom training logic (call `super.trainStep` or use `computeLoss`).
   */
  trainStep(batch: Batch): Logs {
    const optimizer = this.optimizer;
    if (!optimizer) throw new Error(`trainStep: model '${this.name}' must be compiled first`);
    const params = this.trainableWeights;
    optimizer.zeroGrad(params);
    const result = this.computeLoss(batch.x, batch.y, { training: true, sampleWeight: batch.sampleWeight });
    const logs = this.batchLogs(result, batch.y);
    // a non-finite loss is reported by the loop; stepping on its gradients would only spread the NaN
    if (Number.isFinite(logs.loss)) {
      result.loss.backward();
      optimizer.step(params);
      applyConstraints(params);
    }
    return logs;
  }

  /** Loss and metrics of a batch without training (Keras 3's `test_step`); `evaluate` calls it. */
  testStep(batch: Batch): Logs {
    return this.batchLogs(this.computeLoss(batch.x, batch.y, { training: false, sampleWeight: batch.sampleWeight }), batch.y);
  }

  /**
   * Trains for `epochs` passes over (x, y), or over a dataset of `{ xs, ys }` batches; resolves to the History.
   * @example await model.fit(xTrain, yTrain, { epochs: 5, batchSize: 64, validationSplit: 0.1 })
   */
  fit(x: TensorStructure, y: TensorStructure, options?: FitOptions): Promise<History>;
  fit(dataset: DatasetLike, options?: FitOptions): Promise<History>;
  fit(x: TensorStructure | DatasetLike, y?: TensorStructure | FitOptions, options?: FitOptions): Promise<History> {
    return fitModel(this, x, y, options);
  }

  /** TF.js's name for training on a dataset: `fit(dataset, options)`. */
  fitDataset(dataset: DatasetLike, options: FitOptions = {}): Promise<History> {
    if (!isDatasetLike(dataset)) throw new Error(`fitDataset: expected a dataset (async-iterable batches), got ${describeValue(dataset)}`);
    return fitModel(this, dataset, options);
  }

  /** Loss and metrics over (x, y) in batches; over a dataset of batches it resolves to them. */
  evaluate(x: TensorStructure, y: TensorStructure, options?: EvaluateOptions): Record<string, number>;
  evaluate(dataset: DatasetLike, options?: EvaluateOptions): Promise<Record<string, number>>;
  evaluate(x: TensorStructure | DatasetLike, y?: TensorStructure | EvaluateOptions, options: EvaluateOptions = {}): Record<string, number> | Promise<Record<string, number>> {
    if (isDatasetLike(x)) return evaluateDatasetModel(this, x, (y ?? {}) as EvaluateOptions);
    if (y === undefined) throw new Error('evaluate: y is required with in-memory x');
    return evaluateModel(this, x, y as TensorStructure, options);
  }

  /** TF.js's name for evaluating on a dataset. */
  evaluateDataset(dataset: DatasetLike, options: EvaluateOptions = {}): Promise<Record<string, number>> {
    if (!isDatasetLike(dataset)) throw new Error(`evaluateDataset: expected a dataset (async-iterable batches), got ${describeValue(dataset)}`);
    return evaluateDatasetModel(this, dataset, options);
  }

  /**
   * Outputs for x, computed in batches without recording gradients: a tensor, or an array for several
   * outputs (`model.predict<Tensor[]>(x)` types it).
   */
  predict<T extends Tensor | Tensor[] = Tensor>(x: TensorStructure, options: PredictOptions = {}): T {
    if (isDatasetLike(x)) throw new Error('predict: got a dataset; use await model.predictDataset(dataset)');
    return predictModel(this, x, options) as T;
  }

  /** Outputs for every batch of a dataset of inputs (or `{ xs }` batches), joined along the batch axis. */
  predictDataset<T extends Tensor | Tensor[] = Tensor>(dataset: DatasetLike): Promise<T> {
    if (!isDatasetLike(dataset)) throw new Error(`predictDataset: expected a dataset (async-iterable batches), got ${describeValue(dataset)}`);
    return predictDatasetModel(this, dataset) as Promise<T>;
  }

  /** The model's inputs from `x` given as a tensor, an array or a record by input name. */
  inputList(op: string, x: unknown): Tensor[] {
    return toTensorList(op, 'x', x, this.inputNames);
  }

  /** The targets from `y` given as a tensor, an array or a record by output name, checked against the outputs and losses. */
  targetList(op: string, y: unknown): Tensor[] {
    const ys = toTensorList(op, 'y', y, this.outputNames);
    return checkTargets({ name: this.name, outputShapes: this.outputs.map((o) => o.shape), targets: this.targets }, op, ys);
  }

  /** Prepares the model for data `x` before it is checked (a Sequential without an input shape builds here). */
  prepareFor(_x: unknown): void {}

  /** Prints (through `printFn`) and returns the Keras-style summary table. */
  summary(options: SummaryOptions = {}): string {
    const text = formatSummary(this, options);
    (options.printFn ?? console.log)(text);
    return text;
  }

  /** The summary table's rows: each layer with its output shape, parameters and incoming connections. */
  summaryRows(): SummaryRow[] {
    return graphSummaryRows(this.requireNetwork('summary'));
  }


  /**
   * Saves the model (TF.js LayersModel format: model.json + weights) into a folder, atomically. With
   * `includeOptimizer`, the compile settings and the optimizer's state are saved too, so training resumes.
   */
  save(dir: string, options: SaveOptions = {}): Promise<SaveResult> {
    return saveModel(this, dir, options);
  }

  override getConfig(): Record<string, unknown> {
    return { name: this.name, trainable: this.trainable };
  }
}

/**
 * Builds a graph model from symbolic inputs and outputs (TF.js `tf.model`).
 * @example const inp = input({ shape: [4] }); const m = model({ inputs: inp, outputs: new Dense({ units: 2 }).apply(inp), name: 'classifier' });
 */
export function model(args: ModelArgs): Model {
  return new Model(args);
}

/** True for input layers (they carry no computation and are skipped where only real layers matter). */
export function isInputLayer(layer: Layer): boolean {
  return layer instanceof InputLayer;
}
