import { Tensor, div, formatShape, mul, reshape, sum, tensor } from '@rectify/core';

/**
 * How per-sample losses become the loss (Keras 3): 'sum_over_batch_size' (default; 'mean' is the same)
 * is sum(loss * w) / number of loss values, 'sum' is sum(loss * w), 'mean_with_sample_weight' is
 * sum(loss * w) / sum(w), and 'none' returns the weighted per-sample losses.
 */
export type Reduction = 'sum_over_batch_size' | 'mean' | 'sum' | 'mean_with_sample_weight' | 'none';

const REDUCTIONS: readonly Reduction[] = ['sum_over_batch_size', 'mean', 'sum', 'mean_with_sample_weight', 'none'];

/** Weighting and reduction options every built-in loss accepts. */
export interface LossOptions {
  /**
   * A weight per sample (shape [batch] or [batch, 1]), or per loss value (the per-sample loss shape),
   * or one number for all. Weights of 0 remove samples; the divisor of 'sum_over_batch_size' still
   * counts them, as in Keras.
   */
  sampleWeight?: Tensor | readonly number[] | number;
  /**
   * 1 for loss values that count, 0 for padding (same shape as the per-sample losses). With
   * 'sum_over_batch_size' the result is the weighted mean over the unmasked values only.
   */
  mask?: Tensor;
  /** Default 'sum_over_batch_size'. */
  reduction?: Reduction;
}

function asWeights(loss: string, name: string, w: Tensor | readonly number[] | number): Tensor {
  if (w instanceof Tensor) return w;
  if (typeof w === 'number' || (Array.isArray(w) && w.every((v) => typeof v === 'number'))) return tensor(w as number[] | number);
  throw new Error(`${loss}: ${name} must be a Tensor, an array of numbers or a number, got ${w === null ? 'null' : typeof w}`);
}

/** Reshapes weights to broadcast against the per-sample losses, aligned on the batch axis (Keras squeezes or expands a trailing 1). */
function alignWeights(loss: string, name: string, w: Tensor, values: Tensor): Tensor {
  if (w.size === values.size) return w.rank === values.rank && w.shape.every((d, i) => d === values.shape[i]) ? w : reshape(w, values.shape);
  if (w.size === 1) return reshape(w, []);
  const n = values.shape[0];
  if (values.rank >= 1 && w.size === n && (w.rank === 1 || (w.rank === 2 && w.shape[1] === 1))) {
    return reshape(w, [n, ...values.shape.slice(1).map(() => 1)]);
  }
  throw new Error(`${loss}: ${name} of shape ${formatShape(w.shape)} does not fit the per-sample losses of shape ${formatShape(values.shape)}; expected [${n}], [${n}, 1], ${formatShape(values.shape)} or a single number`);
}

/** Sum of a weight tensor's values (weights carry no gradient). */
function total(w: Tensor): number {
  let s = 0;
  for (let i = 0; i < w.values.length; i++) s += w.values[i];
  return s;
}

/**
 * Applies sample weights and a mask to per-sample losses and reduces them, with Keras 3's semantics
 * (`reduce_weighted_values`): a mask scales the kept values by total/valid so 'sum_over_batch_size'
 * averages over the valid ones; divisions by zero give 0.
 * @example reduceWeighted('mse', tensor([0.5, 0.5]), { sampleWeight: [0.7, 0.3] }) // 0.25
 */
export function reduceWeighted(loss: string, values: Tensor, options: LossOptions = {}): Tensor {
  const reduction = options.reduction ?? 'sum_over_batch_size';
  if (!REDUCTIONS.includes(reduction)) throw new Error(`${loss}: unknown reduction ${JSON.stringify(reduction)}; expected one of ${REDUCTIONS.join(', ')}`);
  let weights = options.sampleWeight === undefined ? null : alignWeights(loss, 'sampleWeight', asWeights(loss, 'sampleWeight', options.sampleWeight), values);
  if (options.mask !== undefined) {
    let mask = alignWeights(loss, 'mask', asWeights(loss, 'mask', options.mask), values);
    if (reduction === 'sum_over_batch_size' || reduction === 'mean') {
      const valid = total(mask);
      mask = mul(mask, valid === 0 ? 0 : mask.size / valid);
    }
    weights = weights ? mul(weights, mask) : mask;
  }
  const weighted = weights ? mul(values, weights) : values;
  if (reduction === 'none' || weighted.rank === 0 || weighted.size === 0) return weighted;
  const s = sum(weighted);
  if (reduction === 'sum') return s;
  if (reduction === 'mean_with_sample_weight' && weights) {
    const w = total(weights);
    return w === 0 ? mul(s, 0) : div(s, w);
  }
  return div(s, weighted.size);
}
