import { Tensor, add, allocate, concat, isGradEnabled, mul, sigmoid, split, sub, tanh } from '@rectify/core';

const sig = (v: number) => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)));

/**
 * The GRU cell with resetAfter and Keras's default activations (sigmoid gates, tanh), as one
 * differentiable op: from the input projection xp and the recurrent projection rec = h U + recurrent bias
 * (both [batch, 3 units], gates z, r, h) and the previous h, the new h. Forward and backward are each one
 * pass; while the gradient's own graph is being recorded the backward is composed from ops.
 */
export function gruCell(xp: Tensor, rec: Tensor, hPrev: Tensor): Tensor {
  const [batch, units] = hPrev.shape;
  const out = allocate(xp.dtype, batch * units);
  const a = xp.values;
  const r = rec.values;
  const hp = hPrev.values;
  for (let b = 0; b < batch; b++) {
    for (let u = 0; u < units; u++) {
      const k = b * 3 * units + u;
      const z = sig(a[k] + r[k]);
      const reset = sig(a[k + units] + r[k + units]);
      const cand = Math.tanh(a[k + 2 * units] + reset * r[k + 2 * units]);
      out[b * units + u] = cand + z * (hp[b * units + u] - cand);
    }
  }
  const shape = [batch, units];
  if (!isGradEnabled() || !(xp.requiresGrad || rec.requiresGrad || hPrev.requiresGrad)) return new Tensor(out, shape);
  return new Tensor(out, shape, true, {
    op: 'gruCell',
    inputs: [xp, rec, hPrev],
    backward: (dy) => (isGradEnabled() ? composedGrads(xp, rec, hPrev, dy) : loopGrads(xp, rec, hPrev, dy)),
  });
}

/** dh -> [dxp, drec, dhPrev] in one pass (a plain backward: nothing is recorded). */
function loopGrads(xp: Tensor, rec: Tensor, hPrev: Tensor, dy: Tensor): Tensor[] {
  const [batch, units] = hPrev.shape;
  const dxp = allocate(xp.dtype, batch * 3 * units);
  const drec = allocate(xp.dtype, batch * 3 * units);
  const dhp = allocate(xp.dtype, batch * units);
  const a = xp.values;
  const r = rec.values;
  const hp = hPrev.values;
  const g = dy.values;
  for (let b = 0; b < batch; b++) {
    for (let u = 0; u < units; u++) {
      const k = b * 3 * units + u;
      const z = sig(a[k] + r[k]);
      const reset = sig(a[k + units] + r[k + units]);
      const cand = Math.tanh(a[k + 2 * units] + reset * r[k + 2 * units]);
      const dh = g[b * units + u];
      const prev = hp[b * units + u];
      // h = cand + z (prev - cand)
      const dpreH = dh * (1 - z) * (1 - cand * cand);
      const dpreZ = dh * (prev - cand) * z * (1 - z);
      const dpreR = dpreH * r[k + 2 * units] * reset * (1 - reset);
      dxp[k] = dpreZ;
      drec[k] = dpreZ;
      dxp[k + units] = dpreR;
      drec[k + units] = dpreR;
      dxp[k + 2 * units] = dpreH;
      drec[k + 2 * units] = dpreH * reset;
      dhp[b * units + u] = dh * z;
    }
  }
  return [new Tensor(dxp, [batch, 3 * units]), new Tensor(drec, [batch, 3 * units]), new Tensor(dhp, [batch, units])];
}

/** The same gradient from differentiable ops, for when its own graph is recorded. */
function composedGrads(xp: Tensor, rec: Tensor, hPrev: Tensor, dy: Tensor): Tensor[] {
  const [xz, xr, xh] = split(xp, 3, 1);
  const [rz, rr, rh] = split(rec, 3, 1);
  const z = sigmoid(add(xz, rz));
  const reset = sigmoid(add(xr, rr));
  const cand = tanh(add(xh, mul(reset, rh)));
  const dpreH = mul(mul(dy, sub(1, z)), sub(1, mul(cand, cand)));
  const dpreZ = mul(mul(dy, sub(hPrev, cand)), mul(z, sub(1, z)));
  const dpreR = mul(mul(dpreH, rh), mul(reset, sub(1, reset)));
  return [concat([dpreZ, dpreR, dpreH], 1), concat([dpreZ, dpreR, mul(dpreH, reset)], 1), mul(dy, z)];
}
