import { isGradEnabled } from '../autograd/grad-mode.js';
import { record, constant } from '../autograd/record.js';
import { formatShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { allocate, dtypeOf, type DataArray } from '../dtype.js';
import { mul, sub } from './arithmetic.js';
import { checkIndices } from './indices.js';
import { oneHot } from './layout.js';
import { asTensor, kernels } from './operands.js';
import { reshape } from './reshape.js';
import { softmax, softmaxOf } from './activations.js';

/**
 * Crossentropy of [n, classes] logits against integer class labels, per sample: logSumExp(z) - z[label],
 * in one pass; the gradient is (softmax(z) - oneHot(label)) * dy. What `sparseCategoricalCrossentropy`
 * runs on logits (and on the logits under a softmax output).
 * @example sparseSoftmaxCrossentropy(tensor([[2, 0], [0, 0]]), tensor([0, 1])) // [0.127, 0.693]
 */
export function sparseSoftmaxCrossentropy(logits: Tensor, labels: Tensor | readonly number[]): Tensor {
  const z = asTensor('sparseSoftmaxCrossentropy', logits);
  if (z.rank !== 2) throw new Error(`sparseSoftmaxCrossentropy: expected logits of shape [n, classes], got ${formatShape(z.shape)}`);
  const [n, classes] = z.shape;
  const { values, shape } = checkIndices('sparseSoftmaxCrossentropy', labels, classes);
  if (values.length !== n) throw new Error(`sparseSoftmaxCrossentropy: expected ${n} labels for logits ${formatShape(z.shape)}, got shape ${formatShape(shape)}`);
  const label = Int32Array.from(values);
  // a model's softmax output was computed from these logits already: the loss needs only a log per row
  const known = softmaxOf(z);
  const { losses, probs } = (known && known.dtype === z.dtype ? lossesFromSoftmax(z.values, known.values, label, classes) : null) ?? kernels().sparseSoftmaxCrossentropy(z.values, label, n, classes);
  return record('sparseSoftmaxCrossentropy', losses, [n], [z], (dy) => {
    // building a graph of the gradient (second order), softmax is recomputed as an op
    if (isGradEnabled()) return [mul(sub(softmax(z), oneHot(values, classes)), reshape(dy, [n, 1]))];
    // else the forward's probabilities, less one at each label, times each row's dy
    const grad = oneLessAtLabels(probs, label, classes);
    if (dy.dtype !== z.dtype) return [mul(constant(grad, z.shape), reshape(dy, [n, 1]))]; // mul's dtype rules
    const g = dy.values;
    for (let i = 0, at = 0; i < n; i++) for (let c = 0; c < classes; c++, at++) grad[at] *= g[i];
    return [constant(grad, z.shape)];
  });
}

/** A copy of the probabilities with one taken off at each row's label: softmax crossentropy's gradient. */
function oneLessAtLabels(probs: DataArray, label: Int32Array, classes: number): DataArray {
  const grad = probs.slice();
  for (let i = 0; i < label.length; i++) grad[i * classes + label[i]] -= 1;
  return grad;
}

/**
 * Each row's loss logSumExp(z) - z[label] from its logits z and their softmax p: logSumExp(z) = z[j] - log(p[j])
 * for any j, taken where p is largest (at least 1 / classes, so its log never underflows). Null when a loss
 * is not finite (an infinite or NaN logit), which the kernel's own pass handles exactly.
 */
function lossesFromSoftmax(z: DataArray, p: DataArray, label: Int32Array, classes: number): { losses: DataArray; probs: DataArray } | null {
  const losses = allocate(dtypeOf(z), label.length);
  for (let r = 0, base = 0; r < label.length; r++, base += classes) {
    let top = base;
    for (let c = base + 1; c < base + classes; c++) if (p[c] > p[top]) top = c;
    const loss = z[top] - Math.log(p[top]) - z[base + label[r]];
    if (!Number.isFinite(loss)) return null;
    losses[r] = loss;
  }
  return { losses, probs: p };
}
