import { Registry } from '@rectify/layers';
import { Tensor, abs, clip, log, logSoftmax, mean, minimum, mul, neg, oneHot, reshape, softplus, sparseSoftmaxCrossentropy, square, sub, sum, add, formatShape } from '@rectify/core';
import { reduceWeighted, type LossOptions } from './loss-reduction.js';

/**
 * A loss: (yTrue, yPred) -> scalar, the mean over the batch. Built-in losses also take
 * `{ sampleWeight, mask, reduction }` as a third argument (see `LossOptions`).
 */
export type LossFn = (yTrue: Tensor, yPred: Tensor) => Tensor;

/** Options of the crossentropy losses. */
export interface CrossentropyOptions extends LossOptions {
  /** yPred holds logits rather than probabilities (more stable). Default false. */
  fromLogits?: boolean;
}

/** Options of `huber`. */
export interface HuberOptions extends LossOptions {
  /** Where the loss turns from quadratic to linear. Default 1. */
  delta?: number;
}

// Keras clips probabilities to [eps, 1 - eps] so log never sees 0.
const EPSILON = 1e-7;

function sameShape(loss: string, yTrue: Tensor, yPred: Tensor): void {
  if (!(yTrue instanceof Tensor) || !(yPred instanceof Tensor)) throw new Error(`${loss}: yTrue and yPred must be Tensors`);
  if (yTrue.shape.length !== yPred.shape.length || yTrue.shape.some((d, i) => d !== yPred.shape[i])) {
    throw new Error(`${loss}: yTrue shape ${formatShape(yTrue.shape)} does not match yPred shape ${formatShape(yPred.shape)}`);
  }
}

/** Per-sample values (Keras `call`): the mean over the last axis; rank-0 and rank-1 inputs hold one value per sample. */
function perSample(x: Tensor): Tensor {
  return x.rank >= 2 ? mean(x, -1) : x;
}

/** mean((yTrue - yPred)^2) per sample, reduced over the batch. @example meanSquaredError(yTrue, yPred, { sampleWeight: [0.7, 0.3] }) */
export function meanSquaredError(yTrue: Tensor, yPred: Tensor, options: LossOptions = {}): Tensor {
  sameShape('meanSquaredError', yTrue, yPred);
  return reduceWeighted('meanSquaredError', perSample(square(sub(yPred, yTrue))), options);
}

/** mean(|yTrue - yPred|) per sample, reduced over the batch. */
export function meanAbsoluteError(yTrue: Tensor, yPred: Tensor, options: LossOptions = {}): Tensor {
  sameShape('meanAbsoluteError', yTrue, yPred);
  return reduceWeighted('meanAbsoluteError', perSample(abs(sub(yPred, yTrue))), options);
}

/** Huber: 0.5 e^2 for |e| <= delta, delta (|e| - 0.5 delta) beyond (delta = 1), averaged per sample. */
export function huber(yTrue: Tensor, yPred: Tensor, options: HuberOptions = {}): Tensor {
  sameShape('huber', yTrue, yPred);
  const delta = options.delta ?? 1;
  const e = abs(sub(yPred, yTrue));
  const quadratic = minimum(e, delta);
  const linear = sub(e, quadratic);
  return reduceWeighted('huber', perSample(add(mul(square(quadratic), 0.5), mul(linear, delta))), options);
}

/** -mean(y log p + (1 - y) log(1 - p)) per sample; from logits: mean(softplus(z) - y z), stable for any z. */
export function binaryCrossentropy(yTrue: Tensor, yPred: Tensor, options: CrossentropyOptions = {}): Tensor {
  sameShape('binaryCrossentropy', yTrue, yPred);
  if (options.fromLogits) return reduceWeighted('binaryCrossentropy', perSample(sub(softplus(yPred), mul(yTrue, yPred))), options);
  const p = clip(yPred, EPSILON, 1 - EPSILON);
  return reduceWeighted('binaryCrossentropy', neg(perSample(add(mul(yTrue, log(p)), mul(sub(1, yTrue), log(sub(1, p)))))), options);
}

/** -sum(yTrue * log(yPred)) over classes per sample (one-hot or soft targets), reduced over the batch. */
export function categoricalCrossentropy(yTrue: Tensor, yPred: Tensor, options: CrossentropyOptions = {}): Tensor {
  sameShape('categoricalCrossentropy', yTrue, yPred);
  const logp = options.fromLogits ? logSoftmax(yPred, -1) : log(clip(yPred, EPSILON, 1 - EPSILON));
  return reduceWeighted('categoricalCrossentropy', neg(sum(mul(yTrue, logp), -1)), options);
}

/** Categorical crossentropy with integer class labels ([n] or [n, 1]) instead of one-hot targets. */
export function sparseCategoricalCrossentropy(yTrue: Tensor, yPred: Tensor, options: CrossentropyOptions = {}): Tensor {
  const n = yPred.shape[0];
  if (yPred.rank < 2 || yTrue.size !== n || !(yTrue.rank === 1 || (yTrue.rank === 2 && yTrue.shape[1] === 1))) {
    throw new Error(`sparseCategoricalCrossentropy: expected integer labels of shape [${n}] or [${n}, 1] for predictions ${formatShape(yPred.shape)}, got ${formatShape(yTrue.shape)}`);
  }
  const classes = yPred.shape[yPred.rank - 1];
  const labels = Array.from(yTrue.values);
  const bad = labels.find((l) => !Number.isInteger(l) || l < 0 || l >= classes);
  if (bad !== undefined) throw new Error(`sparseCategoricalCrossentropy: label ${bad} is not a class index in [0, ${classes - 1}]`);
  // on logits, softmax and crossentropy are one op (one pass forward, one backward)
  if (options.fromLogits && yPred.rank === 2) return reduceWeighted('sparseCategoricalCrossentropy', sparseSoftmaxCrossentropy(yPred, labels), options);
  return categoricalCrossentropy(oneHot(reshape(yTrue, [n]), classes), yPred, options);
}

/** Every loss by its camelCase name. */
export const losses = { meanSquaredError, meanAbsoluteError, huber, binaryCrossentropy, categoricalCrossentropy, sparseCategoricalCrossentropy };

const ALIASES = {
  mse: 'meanSquaredError', mae: 'meanAbsoluteError', mean_squared_error: 'meanSquaredError', mean_absolute_error: 'meanAbsoluteError',
  binary_crossentropy: 'binaryCrossentropy', categorical_crossentropy: 'categoricalCrossentropy', sparse_categorical_crossentropy: 'sparseCategoricalCrossentropy',
} as const satisfies Record<string, keyof typeof losses>;

/** A built-in loss's name: camelCase, Keras snake_case, 'mse' or 'mae'. */
export type LossName = keyof typeof losses | keyof typeof ALIASES;

/** Built-in losses by name: camelCase, Keras's snake_case and class names ('MeanSquaredError'), and short aliases. */
const lossRegistry = new Registry<LossFn>('loss');
for (const name of Object.keys(losses)) lossRegistry.register(name, losses[name as keyof typeof losses] as LossFn, Object.keys(ALIASES).filter((a) => (ALIASES as Record<string, string>)[a] === name));

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
    if (lossRegistry.has(loss)) return lossRegistry.get(loss);
  }
  throw new Error(`compile: unknown loss ${JSON.stringify(loss)}; valid names are ${[...Object.keys(losses), ...Object.keys(ALIASES)].join(', ')} (or pass a function)`);
}

/**
 * Calls a loss as a training loop does, with sample weights: a built-in loss receives the options; a
 * custom function is called with (yTrue, yPred) and, to be weighted, must return one loss per sample
 * (Keras's contract for loss functions); a scalar is accepted only when nothing is weighted.
 * @example applyLoss(getLoss('mse'), tensor([[1], [2]]), tensor([[1.5], [2]]), { sampleWeight: tensor([0.7, 0.3]) })
 */
export function applyLoss(fn: LossFn, yTrue: Tensor, yPred: Tensor, options: CrossentropyOptions = {}): Tensor {
  if (lossName(fn) !== undefined) return (fn as (t: Tensor, p: Tensor, o: CrossentropyOptions) => Tensor)(yTrue, yPred, options);
  const { fromLogits: _ignored, ...weighting } = options;
  const out = fn(yTrue, yPred);
  if (!(out instanceof Tensor)) throw new Error(`loss: the custom loss function returned ${out === null ? 'null' : typeof out}; expected a Tensor`);
  if (out.rank === 0) {
    if (weighting.sampleWeight !== undefined || weighting.mask !== undefined) {
      throw new Error(`loss: the custom loss function returned a scalar, so sample or class weights cannot be applied; return one loss per sample (shape [${yPred.shape[0]}])`);
    }
    return out;
  }
  return reduceWeighted('loss', out, weighting);
}
