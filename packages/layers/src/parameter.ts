import { Tensor, type DataArray, formatShape, shapesEqual, type Shape } from '@rectify/core';
import type { Regularizer } from './regularizers.js';
import type { Constraint } from './constraints.js';

/**
 * A layer weight: a tensor with a name and a trainable flag. Trainable parameters require gradients,
 * so `loss.backward()` fills their `.grad`; optimizers update their storage in place.
 */
export class Parameter extends Tensor {
  /** Layer-qualified name, e.g. `dense/kernel`. */
  name: string;
  private _trainable: boolean;
  /** Penalty of this weight added to the training loss (Keras kernelRegularizer), or null. */
  regularizer: Regularizer | null = null;
  /** Projection applied after every optimizer step (Keras kernelConstraint), or null. */
  constraint: Constraint | null = null;

  constructor(name: string, data: DataArray, shape: Shape, trainable = true) {
    super(data, shape, trainable);
    this.name = name;
    this._trainable = trainable;
  }

  get trainable(): boolean {
    return this._trainable;
  }

  set trainable(value: boolean) {
    this._trainable = value;
    this.requiresGrad = value;
  }

  /** Overwrites the values in place (same shape), keeping identity so optimizer state stays attached. */
  assign(value: Tensor | ArrayLike<number>): void {
    if (value instanceof Tensor && !shapesEqual(value.shape, this.shape)) {
      throw new Error(`${this.name}: cannot assign a value of shape ${formatShape(value.shape)} to a weight of shape ${formatShape(this.shape)}`);
    }
    const src = value instanceof Tensor ? value.values : value;
    if (src.length !== this.size) throw new Error(`${this.name}: cannot assign ${src.length} values to a weight of shape ${formatShape(this.shape)}`);
    this.values.set(src);
  }
}
