import { Tensor, add, allocate, concat, isGradEnabled, mul, sigmoid, slice, split, sub, tanh } from '@rectify/core';

const sig = (v: number) => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)));

/**
 * The LSTM cell with Keras's default activations (sigmoid gates, tanh), as one differentiable op: from
 * z = x W + h U + b [batch, 4 units] (gates i, f, c, o) and the previous cell state, the new [h | c] as one
 * [batch, 2 units] tensor. Forward and backward are each one pass over the gates, where the composed form
 * costs about fifteen ops each way per time step. While the gradient's own graph is being recorded
 * (higher-order derivatives) the backward is composed from ops, so it stays differentiable.
 */
export function lstmCell(z: Tensor, cPrev: Tensor): Tensor {
  const [batch, units] = cPrev.shape;
  const out = allocate(z.dtype, batch * 2 * units);
  const zd = z.values;
  const cp = cPrev.values;
  for (let b = 0; b < batch; b++) {
    for (let u = 0; u < units; u++) {
      const k = b * 4 * units + u;
      const c = sig(zd[k + units]) * cp[b * units + u] + sig(zd[k]) * Math.tanh(zd[k + 2 * units]);
      out[b * 2 * units + units + u] = c;
      out[b * 2 * units + u] = sig(zd[k + 3 * units]) * Math.tanh(c);
    }
  }
  const shape = [batch, 2 * units];
  if (!isGradEnabled() || !(z.requiresGrad || cPrev.requiresGrad)) return new Tensor(out, shape);
  return new Tensor(out, shape, true, {
    op: 'lstmCell',
    inputs: [z, cPrev],
    backward: (dy) => (isGradEnabled() ? composedGrads(z, cPrev, dy) : loopGrads(z, cPrev, dy)),
  });
}

/** d[h | c] -> [dz, dcPrev] in one pass (a plain backward: nothing is recorded). */
function loopGrads(z: Tensor, cPrev: Tensor, dy: Tensor): Tensor[] {
  const [batch, units] = cPrev.shape;
  const dz = allocate(z.dtype, batch * 4 * units);
  const dc = allocate(z.dtype, batch * units);
  const zd = z.values;
  const cp = cPrev.values;
  const g = dy.values;
  for (let b = 0; b < batch; b++) {
    for (let u = 0; u < units; u++) {
      const k = b * 4 * units + u;
      const i = sig(zd[k]);
      const f = sig(zd[k + units]);
      const cand = Math.tanh(zd[k + 2 * units]);
      const o = sig(zd[k + 3 * units]);
      const prev = cp[b * units + u];
      const tc = Math.tanh(f * prev + i * cand);
      const dh = g[b * 2 * units + u];
      // the new c reaches the loss directly and through h = o tanh(c)
      const dcell = g[b * 2 * units + units + u] + dh * o * (1 - tc * tc);
      dz[k] = dcell * cand * i * (1 - i);
      dz[k + units] = dcell * prev * f * (1 - f);
      dz[k + 2 * units] = dcell * i * (1 - cand * cand);
      dz[k + 3 * units] = dh * tc * o * (1 - o);
      dc[b * units + u] = dcell * f;
    }
  }
  return [new Tensor(dz, [batch, 4 * units]), new Tensor(dc, [batch, units])];
}

/** The same gradient from differentiable ops, for when its own graph is recorded. */
function composedGrads(z: Tensor, cPrev: Tensor, dy: Tensor): Tensor[] {
  const [batch, units] = cPrev.shape;
  const [zi, zf, zc, zo] = split(z, 4, 1);
  const i = sigmoid(zi);
  const f = sigmoid(zf);
  const cand = tanh(zc);
  const o = sigmoid(zo);
  const tc = tanh(add(mul(f, cPrev), mul(i, cand)));
  const dh = slice(dy, [0, 0], [batch, units]);
  const dcell = add(slice(dy, [0, units], [batch, units]), mul(mul(dh, o), sub(1, mul(tc, tc))));
  const dsig = (s: Tensor) => mul(s, sub(1, s));
  const dz = concat([
    mul(mul(dcell, cand), dsig(i)),
    mul(mul(dcell, cPrev), dsig(f)),
    mul(mul(dcell, i), sub(1, mul(cand, cand))),
    mul(mul(dh, tc), dsig(o)),
  ], 1);
  return [dz, mul(dcell, f)];
}
