import type { Tensor, Shape } from '@rectify/core';
import { InputLayer, Layer, checkOptions, input, type CallOptions, type LayerArgs, type Node, type ShapeOrShapes, type SymbolicShape, type SymbolicTensor } from '@rectify/layers';
import { Model } from './model.js';
import { convThenMaxPool } from './graph/fusion.js';
import { shapeText, countText, type SummaryRow } from './summary.js';

/** Options of `new Sequential(...)`. */
export interface SequentialArgs extends LayerArgs {
  layers?: Layer[];
}

/**
 * A linear stack of layers (Keras Sequential): a Model whose graph is the chain of its layers. The graph
 * exists once the input shape is known (the first layer's `inputShape`, an `InputLayer`, or the first data).
 * @example
 * const model = new Sequential({ layers: [new Dense({ units: 2, activation: 'relu', inputShape: [2] })] });
 * model.summary();
 */
export class Sequential extends Model {
  static override className = 'Sequential';
  private readonly stack: Layer[] = [];
  private inputLayer: InputLayer | null = null;
  /** The graph calls this model recorded on its layers, removed when the stack changes. */
  private ownNodes: Node[] = [];

  constructor(args: SequentialArgs = {}) {
    if (args === null || typeof args !== 'object' || Array.isArray(args)) {
      throw new Error(`Sequential: expected options { layers?, name? }, got ${Array.isArray(args) ? 'an array (write new Sequential({ layers: [...] }))' : JSON.stringify(args)}`);
    }
    checkOptions('Sequential', args, ['layers']);
    const { layers, ...rest } = args;
    super(rest);
    if (layers !== undefined && !Array.isArray(layers)) throw new Error(`Sequential: layers must be an array of layers, got ${typeof layers}`);
    for (const layer of layers ?? []) this.add(layer);
  }

  /** The layers of the stack, in order (without an input layer, as in Keras). */
  override get layers(): Layer[] {
    return this.stack.slice();
  }

  /**
   * Appends a layer; the first layer's inputShape (or an InputLayer) builds the model at once.
   * @example model.add(new Dense({ units: 10 }))
   */
  add(layer: Layer): void {
    if (!(layer instanceof Layer)) throw new Error(`Sequential.add: expected a Layer, got ${layer === null ? 'null' : typeof layer}`);
    if (layer instanceof InputLayer) {
      if (this.stack.length > 0 || this.inputLayer) throw new Error('Sequential.add: an InputLayer can only come first');
      this.inputLayer = layer;
      this.rebuild(layer.batchShape);
      return;
    }
    if (this.stack.includes(layer)) throw new Error(`Sequential.add: layer '${layer.name}' is already in the model`);
    const clash = this.stack.find((l) => l.name === layer.name);
    if (clash) throw new Error(`Sequential.add: the model already has a layer named '${layer.name}' (${clash.className}); layer names must be unique within a model`);
    this.stack.push(layer);
    const shape = this.inputLayer?.batchShape ?? this.stack[0].batchInputShape;
    if (shape) this.rebuild(shape);
    else this.unbuild();
  }

  /** Removes the last layer. */
  pop(): Layer {
    const layer = this.stack.pop();
    if (!layer) throw new Error('Sequential.pop: the model has no layers');
    const shape = this.inputLayer?.batchShape ?? this.stack[0]?.batchInputShape;
    if (shape && this.stack.length > 0) this.rebuild(shape);
    else this.unbuild();
    return layer;
  }

  private unbuild(): void {
    this.dropOwnNodes();
    this.network = null;
    this.built = false;
  }

  private dropOwnNodes(): void {
    for (const node of this.ownNodes) {
      const at = node.layer.inboundNodes.indexOf(node);
      if (at >= 0) node.layer.inboundNodes.splice(at, 1);
    }
    this.ownNodes = [];
  }

  /** Records the chain of layers as a graph from an input of `batchShape`. */
  private rebuild(batchShape: SymbolicShape): void {
    this.dropOwnNodes();
    if (this.stack.length === 0) return;
    const x = this.inputLayer ? this.inputLayer.symbolic : input({ batchShape, name: `${this.name}_input` });
    let h: SymbolicTensor = x;
    for (const layer of this.stack) {
      const before = layer.inboundNodes.length;
      const out = layer.apply(h);
      this.ownNodes.push(...layer.inboundNodes.slice(before));
      if (Array.isArray(out)) throw new Error(`Sequential: layer '${layer.name}' has ${out.length} outputs; every layer of a Sequential model must have one (use a graph model)`);
      h = out;
    }
    this.setNetwork({ inputs: [x], outputs: [h], nodes: this.ownNodes.slice(), layers: this.stack.slice() });
  }

  /** Shape of the model's input (batch axis null), once known. */
  get inputShape(): (number | null)[] | null {
    return this.network ? [null, ...this.network.inputs[0].shape.slice(1)] : null;
  }

  /** Shape of the model's output (batch axis null), once built. */
  get outputShape(): (number | null)[] | null {
    return this.network ? [null, ...this.network.outputs[0].shape.slice(1)] : null;
  }

  /** Builds every layer for an input shape (batch axis included). */
  override build(inputShape: Shape | Shape[]): void {
    if (this.stack.length === 0) throw new Error('Sequential: cannot build a model without layers');
    const shape = inputShape as Shape;
    this.rebuild([null, ...shape.slice(1)]);
  }

  override prepareFor(x: unknown): void {
    if (this.network) return;
    const first = Array.isArray(x) ? x[0] : x;
    if (first && typeof first === 'object' && 'shape' in first && Array.isArray((first as Tensor).shape) && (first as Tensor).shape.length > 0) this.build((first as Tensor).shape);
    else if (this.stack.length === 0) throw new Error(`Sequential '${this.name}': the model has no layers`);
  }

  /** Output shape of each layer (batch axis null), or null if not built. */
  layerOutputShapes(): Array<(number | null)[]> | null {
    if (!this.network) return null;
    let shape: (number | null)[] = this.network.inputs[0].shape.slice();
    return this.stack.map((layer) => (shape = layer.computeOutputShape(shape) as (number | null)[]));
  }

  override computeOutputShape(inputShape: ShapeOrShapes): (number | null)[] {
    let shape = (inputShape as SymbolicShape).slice();
    for (const layer of this.stack) shape = layer.computeOutputShape(shape) as (number | null)[];
    return shape;
  }

  /** Runs the layers in order. */
  override call(x: Tensor | Tensor[], options: CallOptions = {}): Tensor {
    let y = Array.isArray(x) ? (x.length === 1 ? x[0] : (() => { throw new Error(`Sequential '${this.name}': expected one input, got ${x.length}`); })()) : x;
    if (!this.network) this.build(y.shape);
    this.checkInputs(this.name, [y]);
    // masks (Embedding maskZero, Masking) travel down the stack as in a graph model
    let mask = options.mask ?? null;
    for (let i = 0; i < this.stack.length; i++) {
      const layer = this.stack[i];
      const x = y;
      // a ReLU Conv2D and the MaxPooling2D after it run as one op (neither passes a mask on)
      const pooled = mask === null ? convThenMaxPool(layer, this.stack[i + 1], x) : null;
      if (pooled) {
        y = pooled;
        i++;
        continue;
      }
      y = layer.apply(x, { ...options, mask }) as Tensor;
      const next = layer.computeMask(x, mask);
      mask = Array.isArray(next) ? (next[0] ?? null) : next;
    }
    return y;
  }

  override summaryRows(): SummaryRow[] {
    const shapes = this.layerOutputShapes();
    return this.stack.map((layer, i) => ({
      layer: `${layer.name} (${layer.className})`,
      outputShape: shapes ? shapeText(shapes[i]) : '?',
      params: shapes ? countText(layer.countParams()) : '0 (unbuilt)',
    }));
  }

  override getConfig(): Record<string, unknown> {
    return { name: this.name, layers: this.stack.map((l) => ({ className: l.className, config: l.getConfig() })) };
  }
}
