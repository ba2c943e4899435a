import { type DType, type Tensor } from '@rectify/core';
import { Layer, checkOptions } from '../layer.js';
import { Node, SymbolicTensor, type SymbolicShape } from './symbolic.js';

/** Options of `input()` and `InputLayer`. */
export interface InputArgs {
  /** Shape of one sample, without the batch axis (null for a variable size). */
  shape?: readonly (number | null)[];
  /** Fixed batch size (default: any). */
  batchSize?: number;
  /** The whole shape with the batch axis; instead of shape/batchSize (Keras's `batch_shape`). */
  batchShape?: readonly (number | null)[];
  /** TF.js's spelling of batchShape. */
  batchInputShape?: readonly (number | null)[];
  name?: string;
  dtype?: DType;
  /** Accepted for TF.js/Keras configs; input layers have no weights. */
  sparse?: boolean;
}

function checkDims(owner: string, dims: unknown): (number | null)[] {
  if (!Array.isArray(dims) || dims.some((d) => d !== null && !(Number.isInteger(d) && d > 0))) {
    throw new Error(`${owner}: shape must be an array of positive integers or null, got ${JSON.stringify(dims)}`);
  }
  return dims.slice();
}

/**
 * The entry point of a graph model: it holds the input's shape and produces the symbolic tensor that the
 * model's first layers are applied to. Usually made with `input()`.
 */
export class InputLayer extends Layer {
  static override className = 'InputLayer';
  /** The symbolic tensor this layer feeds into the graph. */
  readonly symbolic: SymbolicTensor;

  constructor(args: InputArgs = {}) {
    checkOptions('InputLayer', args, ['shape', 'batchSize', 'batchShape', 'sparse']);
    const given = [args.shape, args.batchShape, args.batchInputShape].filter((s) => s !== undefined).length;
    if (given !== 1) throw new Error(`InputLayer: give exactly one of shape, batchShape or batchInputShape, got ${given === 0 ? 'none' : 'several'}`);
    if (args.batchSize !== undefined && !(Number.isInteger(args.batchSize) && args.batchSize > 0)) throw new Error(`InputLayer: batchSize must be a positive integer, got ${JSON.stringify(args.batchSize)}`);
    if (args.sparse) throw new Error('InputLayer: sparse inputs are not supported');
    const batchShape = args.shape !== undefined
      ? [args.batchSize ?? null, ...checkDims('InputLayer', args.shape)]
      : checkDims('InputLayer', args.batchShape ?? args.batchInputShape);
    super({ name: args.name, dtype: args.dtype, batchInputShape: batchShape });
    this.built = true;
    const node = new Node(this, [], false);
    this.inboundNodes.push(node);
    this.symbolic = new SymbolicTensor(batchShape, this.dtype, node, 0, this.name);
    node.outputs.push(this.symbolic);
  }

  call(x: Tensor): Tensor {
    return x;
  }

  /** The input shape with the batch axis (null for any batch size). */
  get batchShape(): SymbolicShape {
    return this.symbolic.shape;
  }

  override getConfig(): Record<string, unknown> {
    return { name: this.name, dtype: this.dtype, batchInputShape: this.batchShape.slice(), sparse: false };
  }
}

/**
 * A symbolic input of a graph model (TF.js `tf.input`, Keras `keras.Input`).
 * @example
 * const x = input({ shape: [784] });
 * const y = new Dense({ units: 10, activation: 'softmax' }).apply(new Dense({ units: 64, activation: 'relu' }).apply(x));
 * const m = model({ inputs: x, outputs: y });
 */
export function input(args: InputArgs): SymbolicTensor {
  if (!args || typeof args !== 'object') throw new Error(`input: expected options { shape, batchSize?, name?, dtype? }, got ${JSON.stringify(args)}`);
  return new InputLayer(args).symbolic;
}
