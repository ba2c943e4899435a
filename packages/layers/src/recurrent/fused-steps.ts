import { Tensor, allocate } from '@rectify/core';

/** An activation on one number. */
export type ScalarActivation = (v: number) => number;

// The same formulas as the core ops (sigmoid in its overflow-safe form).
const SCALAR: Record<string, ScalarActivation> = {
  linear: (v) => v,
  tanh: Math.tanh,
  sigmoid: (v) => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v))),
  relu: (v) => (v > 0 ? v : 0),
  hardSigmoid: (v) => Math.min(Math.max(v + 3, 0), 6) / 6,
  legacyHardSigmoid: (v) => Math.min(Math.max(0.2 * v + 0.5, 0), 1),
};

/** The one-number form of an activation, when there is one. */
export function scalarActivation(name: string): ScalarActivation | null {
  return Object.hasOwn(SCALAR, name) ? SCALAR[name] : null;
}

function out(like: Tensor, size: number, units: number): { data: Tensor['values']; tensor: Tensor } {
  const data = allocate(like.dtype, size);
  return { data, tensor: new Tensor(data, [size / units, units]) };
}

// Inference-only cell steps: one pass over the gates instead of a dozen elementwise ops (each op has a fixed
// cost that dominates at small batches). No gradient is recorded: the layers use them only when gradients
// are off (predict, evaluate) and compose the step from differentiable ops otherwise.

/** LSTM: z = xp + rec split into i, f, c, o; returns [h, c]. */
export function fusedLstmStep(xp: Tensor, rec: Tensor, cPrev: Tensor, gate: ScalarActivation, act: ScalarActivation): Tensor[] {
  const [batch, units] = cPrev.shape;
  const h = out(cPrev, batch * units, units);
  const c = out(cPrev, batch * units, units);
  const a = xp.values;
  const r = rec.values;
  const cp = cPrev.values;
  for (let b = 0; b < batch; b++) {
    const row = b * 4 * units;
    for (let u = 0; u < units; u++) {
      const k = row + u;
      const i = gate(a[k] + r[k]);
      const f = gate(a[k + units] + r[k + units]);
      const g = act(a[k + 2 * units] + r[k + 2 * units]);
      const o = gate(a[k + 3 * units] + r[k + 3 * units]);
      const cell = f * cp[b * units + u] + i * g;
      c.data[b * units + u] = cell;
      h.data[b * units + u] = o * act(cell);
    }
  }
  return [h.tensor, c.tensor];
}

/** GRU with resetAfter: rec = h U + recurrent bias, split into z, r, h; returns [h]. */
export function fusedGruStep(xp: Tensor, rec: Tensor, hPrev: Tensor, gate: ScalarActivation, act: ScalarActivation): Tensor[] {
  const [batch, units] = hPrev.shape;
  const h = out(hPrev, batch * units, units);
  const a = xp.values;
  const r = rec.values;
  const hp = hPrev.values;
  for (let b = 0; b < batch; b++) {
    const row = b * 3 * units;
    for (let u = 0; u < units; u++) {
      const k = row + u;
      const z = gate(a[k] + r[k]);
      const reset = gate(a[k + units] + r[k + units]);
      const candidate = act(a[k + 2 * units] + reset * r[k + 2 * units]);
      h.data[b * units + u] = candidate + z * (hp[b * units + u] - candidate);
    }
  }
  return [h.tensor];
}

/**
 * GRU without resetAfter, first half: from recZR = h U_zr, the update gate z and the reset state r * h
 * (which the candidate's product with U_h needs); returns [z, r * h].
 */
export function fusedGruGates(xp: Tensor, recZR: Tensor, hPrev: Tensor, gate: ScalarActivation): Tensor[] {
  const [batch, units] = hPrev.shape;
  const z = out(hPrev, batch * units, units);
  const rh = out(hPrev, batch * units, units);
  const a = xp.values;
  const r = recZR.values;
  const hp = hPrev.values;
  for (let b = 0; b < batch; b++) {
    for (let u = 0; u < units; u++) {
      const k = b * 3 * units + u;
      const j = b * 2 * units + u;
      z.data[b * units + u] = gate(a[k] + r[j]);
      rh.data[b * units + u] = gate(a[k + units] + r[j + units]) * hp[b * units + u];
    }
  }
  return [z.tensor, rh.tensor];
}

/** GRU without resetAfter, second half: from recH = (r * h) U_h, the new h; returns [h]. */
export function fusedGruCandidate(xp: Tensor, recH: Tensor, z: Tensor, hPrev: Tensor, act: ScalarActivation): Tensor[] {
  const [batch, units] = hPrev.shape;
  const h = out(hPrev, batch * units, units);
  const a = xp.values;
  const r = recH.values;
  const zz = z.values;
  const hp = hPrev.values;
  for (let b = 0; b < batch; b++) {
    for (let u = 0; u < units; u++) {
      const i = b * units + u;
      const candidate = act(a[b * 3 * units + 2 * units + u] + r[i]);
      h.data[i] = candidate + zz[i] * (hp[i] - candidate);
    }
  }
  return [h.tensor];
}

/** SimpleRNN: h = act(xp + rec); returns [h]. */
export function fusedSimpleStep(xp: Tensor, rec: Tensor, act: ScalarActivation): Tensor[] {
  const [batch, units] = rec.shape;
  const h = out(rec, batch * units, units);
  const a = xp.values;
  const r = rec.values;
  for (let k = 0; k < batch * units; k++) h.data[k] = act(a[k] + r[k]);
  return [h.tensor];
}
