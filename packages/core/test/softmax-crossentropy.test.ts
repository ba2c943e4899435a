import { describe, expect, it } from 'vitest';
import { softmax, sparseSoftmaxCrossentropy, tensor, type Tensor } from '../src/index.js';

// sparseSoftmaxCrossentropy on logits whose softmax a model has computed already takes each row's loss from
// those probabilities (one log per row) instead of its own pass: it must give the same losses and gradients.
const labels = [3, 0, 4, 1, 2, 2];
const values = Array.from({ length: 30 }, (_, i) => 4 * Math.sin(1.7 * i + 0.3));

function lossAndGrad(dtype: 'float32' | 'float64', withSoftmax: boolean, data = values): [number[], number[]] {
  const z = tensor(data, [6, 5], { dtype, requiresGrad: true });
  if (withSoftmax) softmax(z);
  const losses: Tensor = sparseSoftmaxCrossentropy(z, labels);
  losses.mul(tensor([1, -2, 0.5, 3, 1, -1], [6], { dtype })).sum().backward();
  return [Array.from(losses.dataSync()), Array.from(z.grad!.dataSync())];
}

describe('sparseSoftmaxCrossentropy after softmax of the same logits', () => {
  for (const [dtype, tol] of [['float32', 1e-6], ['float64', 1e-13]] as const) {
    it(`${dtype}: the same losses and gradients as its own pass`, () => {
      const [wantLoss, wantGrad] = lossAndGrad(dtype, false);
      const [gotLoss, gotGrad] = lossAndGrad(dtype, true);
      gotLoss.forEach((v, i) => expect(Math.abs(v - wantLoss[i])).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(wantLoss[i]))));
      gotGrad.forEach((v, i) => expect(Math.abs(v - wantGrad[i])).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(wantGrad[i]))));
    });
  }

  it('an infinite or NaN logit gives what its own pass gives (an infinite or NaN loss exactly)', () => {
    for (const special of [Infinity, -Infinity, NaN]) {
      for (const at of [2, 3]) { // another class's logit, and row 0's label
        const data = values.slice();
        data[at] = special;
        const [want] = lossAndGrad('float32', false, data);
        const [got] = lossAndGrad('float32', true, data);
        expect(want.some((v) => !Number.isFinite(v))).toBe(special !== -Infinity || at === 3);
        got.forEach((v, i) => (Number.isFinite(want[i]) ? expect(Math.abs(v - want[i])).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(want[i]))) : expect(v).toBe(want[i])));
      }
    }
  });
});
