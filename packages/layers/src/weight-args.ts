import type { ActivationName } from './activations/get-activation.js';
import type { InitializerLike } from './initializers.js';
import type { RegularizerLike } from './regularizers.js';
import type { ConstraintLike } from './constraints.js';

/**
 * The options of a layer's weights named `W` (Keras's `<w>_initializer`, `<w>_regularizer`, `<w>_constraint`):
 * `WeightArgs<'kernel' | 'bias'>` gives `kernelInitializer`, `kernelRegularizer`, `kernelConstraint` and the
 * same for the bias.
 */
export type WeightArgs<W extends string> = { [K in `${W}Initializer`]?: InitializerLike } & { [K in `${W}Regularizer`]?: RegularizerLike | null } & { [K in `${W}Constraint`]?: ConstraintLike | null };

/** The options every layer with an activation and an optional bias takes (Dense and the convolutions). */
export interface ActivationArgs {
  /** Activation name applied to the output. Default 'linear'. */
  activation?: ActivationName;
  /** Add a bias. Default true. */
  useBias?: boolean;
}

/** The window options of the 2-D convolutions (channels-last only). */
export interface Conv2DWindowArgs {
  /** Kernel height and width (one number for square). */
  kernelSize: number | readonly [number, number];
  strides?: number | readonly [number, number];
  padding?: import('@rectify/core').Padding;
  dilationRate?: number | readonly [number, number];
  /** Only 'channelsLast' (NHWC), accepted for Keras configs. */
  dataFormat?: 'channelsLast' | 'channels_last';
}
