import { Tensor, reshape, slice } from '@rectify/core';

/**
 * The steps of a time-major [time, batch, features] tensor, each as [batch, features]. A slice's gradient is
 * a zero-padded copy of what it was cut from, so T slices cut straight from the whole sequence would cost
 * T sequence-sized tensors in the backward pass; cutting through blocks of about sqrt(T) steps costs about
 * 2 sqrt(T).
 */
export function timeSteps(x: Tensor): Tensor[] {
  const [steps, batch, features] = x.shape;
  if (!x.requiresGrad) {
    // nothing to differentiate: plain copies of each contiguous block, without an op's fixed cost per step
    const size = batch * features;
    return Array.from({ length: steps }, (_, t) => new Tensor(x.values.slice(t * size, (t + 1) * size), [batch, features]));
  }
  const block = Math.max(1, Math.ceil(Math.sqrt(steps)));
  const out: Tensor[] = [];
  for (let start = 0; start < steps; start += block) {
    const n = Math.min(block, steps - start);
    const chunk = n === steps ? x : slice(x, [start, 0, 0], [n, batch, features]);
    for (let i = 0; i < n; i++) out.push(reshape(n === 1 ? chunk : slice(chunk, [i, 0, 0], [1, batch, features]), [batch, features]));
  }
  return out;
}

/** Per step, the [batch, 1] column of a [batch, time] mask (1 real, 0 padding), or null where no sample is padded. */
export function maskSteps(mask: Tensor, reversed: boolean): Array<Tensor | null> {
  const [batch, steps] = mask.shape;
  const data = mask.values;
  return Array.from({ length: steps }, (_, k) => {
    const t = reversed ? steps - 1 - k : k;
    const column = new Float32Array(batch);
    let all = true;
    for (let b = 0; b < batch; b++) {
      column[b] = data[b * steps + t] !== 0 ? 1 : 0;
      if (column[b] === 0) all = false;
    }
    return all ? null : new Tensor(column, [batch, 1]);
  });
}
