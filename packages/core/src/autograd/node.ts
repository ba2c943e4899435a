import type { Tensor } from '../tensor.js';

/**
 * How a tensor was made: the op's name, its inputs, and its backward rule. The rule maps the output's
 * gradient to one gradient per input (null where an input takes none) and is written with differentiable
 * ops, so running it with grad recording on builds the graph of the gradient itself (higher order).
 */
export interface GradNode {
  readonly op: string;
  readonly inputs: readonly Tensor[];
  readonly backward: (dy: Tensor) => ReadonlyArray<Tensor | null>;
}
