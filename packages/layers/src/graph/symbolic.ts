import type { DType } from '@rectify/core';
import type { Layer } from '../layer.js';

/** A shape with the batch axis (and any other unknown axis) as null. */
export type SymbolicShape = readonly (number | null)[];

/**
 * A placeholder for a tensor in a graph model: it has a shape (null for unknown axes, the batch axis first)
 * and knows which call of which layer produced it. `layer.apply(symbolic)` records a call and returns
 * symbolic outputs; running the model later feeds real tensors through the recorded calls.
 * @example const x = input({ shape: [784] }); const h = new Dense({ units: 10 }).apply(x); // h.shape = [null, 10]
 */
export class SymbolicTensor {
  readonly shape: SymbolicShape;

  constructor(
    shape: SymbolicShape,
    readonly dtype: DType,
    /** The layer call that produces this tensor. */
    readonly node: Node,
    /** Which of that call's outputs this is. */
    readonly tensorIndex: number,
    readonly name: string,
  ) {
    this.shape = Object.freeze(shape.slice());
  }

  /** The layer whose call produces this tensor. */
  get sourceLayer(): Layer {
    return this.node.layer;
  }

  /** Number of axes. */
  get rank(): number {
    return this.shape.length;
  }

  toString(): string {
    return `SymbolicTensor(${this.name}, shape=${formatSymbolicShape(this.shape)})`;
  }
}

/** One call of a layer in a graph: which symbolic tensors went in and which came out. */
export class Node {
  readonly outputs: SymbolicTensor[] = [];

  constructor(
    readonly layer: Layer,
    readonly inputs: readonly SymbolicTensor[],
    /** Whether the layer was called with an array (so it receives an array when the graph runs). */
    readonly inputIsList: boolean,
  ) {}

  /** Index of this call among the layer's calls (Keras's node index). */
  get index(): number {
    return this.layer.inboundNodes.indexOf(this);
  }
}

/** True for a symbolic tensor (graph building) rather than a real one. */
export function isSymbolic(x: unknown): x is SymbolicTensor {
  return x instanceof SymbolicTensor;
}

/** The printed form of a symbolic shape: [null, 28, 28, 1]. */
export function formatSymbolicShape(shape: SymbolicShape): string {
  return `[${shape.map((d) => (d === null ? 'null' : String(d))).join(',')}]`;
}
