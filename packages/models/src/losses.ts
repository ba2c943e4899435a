import { Tensor, abs, clip, log, logSoftmax, mean, minimum, mul, neg, oneHot, reshape, softplus, square, sub, sum, add, formatShape } from '@rectify/core';

/** A loss: (yTrue, yPred) -> scalar, the mean over the batch. */
export type LossFn = (yTrue: Tensor, yPred: Tensor) => Tensor;

/** Options of the crossentropy losses. */
export interface CrossentropyOptions {
  /** yPred holds logits rather than probabilities (more stable). Default false. */
  fromLogits?: boolean;
}

// Keras clips probabilities to [eps, 1 - eps] so log never sees 0.
const EPSILON = 1e-7;

function sameShape(loss: string, yTrue: Tensor, yPred: Tensor): void {
  if (yTrue.shape.length !== yPred.shape.length || yTrue.shape.some((d, i) => d !== yPred.shape[i])) {
    throw new Error(`${loss}: yTrue shape ${formatShape(yTrue.shape)} does not match yPred shape ${formatShape(yPred.shape)}`);
  }
}

/** Mean over the batch of the per-sample mean over the last axis. */
function meanLastAxis(x: Tensor): Tensor {
  return mean(x);
}

/** mean((yTrue - yPred)^2). */
export function meanSquaredError(yTrue: Tensor, yPred: Tensor): Tensor {
  sameShape('meanSquaredError', yTrue, yPred);
  return meanLastAxis(square(sub(yPred, yTrue)));
}

/** mean(|yTrue - yPred|). */
export function meanAbsoluteError(yTrue: Tensor, yPred: Tensor): Tensor {
  sameShape('meanAbsoluteError', yTrue, yPred);
  return meanLastAxis(abs(sub(yPred, yTrue)));
}

/** Huber: 0.5 e^2 for |e| <= delta, delta (|e| - 0.5 delta) beyond (delta = 1). */
export function huber(yTrue: Tensor, yPred: Tensor, options: { delta?: number } = {}): Tensor {
  sameShape('huber', yTrue, yPred);
  const delta = options.delta ?? 1;
  const e = abs(sub(yPred, yTrue));
  const quadratic = minimum(e, delta);
  const linear = sub(e, quadratic);
  return meanLastAxis(add(mul(square(quadratic), 0.5), mul(linear, delta)));
}

/** -mean(y log p + (1 - y) log(1 - p)); from logits: mean(softplus(z) - y z), stable for any z. */
export function binaryCrossentropy(yTrue: Tensor, yPred: Tensor, options: CrossentropyOptions = {}): Tensor {
  sameShape('binaryCrossentropy', yTrue, yPred);
  if (options.fromLogits) return meanLastAxis(sub(softplus(yPred), mul(yTrue, yPred)));
  const p = clip(yPred, EPSILON, 1 - EPSILON);
  return neg(meanLastAxis(add(mul(yTrue, log(p)), mul(sub(1, yTrue), log(sub(1, p))))));
}

/** -mean over samples of sum(yTrue * log(yPred)) over classes (one-hot or soft targets). */
export function categoricalCrossentropy(yTrue: Tensor, yPred: Tensor, options: CrossentropyOptions = {}): Tensor {
  sameShape('categoricalCrossentropy', yTrue, yPred);
  const logp = options.fromLogits ? logSoftmax(yPred, -1) : log(clip(yPred, EPSILON, 1 - EPSILON));
  const perSample = neg(sum(mul(yTrue, logp), -1));
  return mean(perSample);
}

/** Categorical crossentropy with integer class labels ([n] or [n, 1]) instead of one-hot targets. */
export function sparseCategoricalCrossentropy(yTrue: Tensor, yPred: Tensor, options: CrossentropyOptions = {}): Tensor {
  const n = yPred.shape[0];
  if (yPred.rank < 2 || yTrue.size !== n || !(yTrue.rank === 1 || (yTrue.rank === 2 && yTrue.shape[1] === 1))) {
    throw new Error(`sparseCategoricalCrossentropy: expected integer labels of shape [${n}] or [${n}, 1] for predictions ${formatShape(yPred.shape)}, got ${formatShape(yTrue.shape)}`);
  }
  const classes = yPred.shape[yPred.rank - 1];
  const labels = Array.from(yTrue.data);
  const bad = labels.find((l) => !Number.isInteger(l) || l < 0 || l >= classes);
  if (bad !== undefined) throw new Error(`sparseCategoricalCrossentropy: label ${bad} is not a class index in [0, ${classes - 1}]`);
  return categoricalCrossentropy(oneHot(reshape(yTrue, [n]), classes), yPred, options);
}

/** Every loss by its camelCase name. */
export const losses = { meanSquaredError, meanAbsoluteError, huber, binaryCrossentropy, categoricalCrossentropy, sparseCategoricalCrossentropy };

const ALIASES: Record<string, keyof typeof losses> = {
  mse: 'meanSquaredError', mae: 'meanAbsoluteError', mean_squared_error: 'meanSquaredError', mean_absolute_error: 'meanAbsoluteError',
  binary_crossentropy: 'binaryCrossentropy', categorical_crossentropy: 'categoricalCrossentropy', sparse_categorical_crossentropy: 'sparseCategoricalCrossentropy',
};

/** The canonical name of a built-in loss function, if it is one. */
export function lossName(fn: LossFn): string | undefined {
  return Object.entries(losses).find(([, f]) => f === fn)?.[0];
}

/**
 * Resolves a loss name (camelCase, Keras snake_case, 'mse', 'mae') or passes a function through.
 * @example getLoss('sparse_categorical_crossentropy') === losses.sparseCategoricalCrossentropy
 */
export function getLoss(loss: string | LossFn): LossFn {
  if (typeof loss === 'function') return loss;
  if (typeof loss === 'string') {
    const name = Object.hasOwn(ALIASES, loss) ? ALIASES[loss] : loss;
    if (Object.hasOwn(losses, name)) return losses[name as keyof typeof losses] as LossFn;
  }
  throw new Error(`compile: unknown loss ${JSON.stringify(loss)}; valid names are ${[...Object.keys(losses), ...Object.keys(ALIASES)].join(', ')} (or pass a function)`);
}
