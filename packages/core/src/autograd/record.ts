import type { DataArray } from '../dtype.js';
import type { Shape } from '../shape.js';
import { Tensor } from '../tensor.js';
import { isGradEnabled } from './grad-mode.js';

/**
 * Wraps an op's output data in a tensor and, when any input needs gradients and recording is on,
 * remembers how to send the output's gradient back to the inputs. `backward` maps dy to one gradient
 * per input, each either the input's shape or broadcastable to it (the engine un-broadcasts).
 */
export function record(op: string, data: DataArray, shape: Shape, inputs: readonly Tensor[], backward: (dy: Tensor) => ReadonlyArray<Tensor | null>): Tensor {
  if (isGradEnabled() && inputs.some((t) => t.requiresGrad)) {
    return new Tensor(data, shape, true, { op, inputs, backward });
  }
  return new Tensor(data, shape);
}

/** An output no gradient flows through (comparisons, argmax, one-hot). */
export function constant(data: DataArray, shape: Shape): Tensor {
  return new Tensor(data, shape);
}
