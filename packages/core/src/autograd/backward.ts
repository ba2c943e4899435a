import { formatShape, shapesEqual } from '../shape.js';
import { Tensor } from '../tensor.js';
import { add } from '../ops/arithmetic.js';
import { onesLike } from '../ops/creation.js';
import { sumToShape } from '../ops/reshape.js';
import { withGradMode } from './grad-mode.js';

/** Tensors reachable from `root` through recorded ops, ordered so each comes after everything it feeds. */
function topologicalOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const seen = new Set<Tensor>();
  // iterative DFS: deep nets would overflow the call stack with recursion
  const stack: Array<[Tensor, number]> = [[root, 0]];
  seen.add(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const inputs = top[0].node?.inputs ?? [];
    if (top[1] < inputs.length) {
      const next = inputs[top[1]++];
      if (next.requiresGrad && !seen.has(next)) {
        seen.add(next);
        stack.push([next, 0]);
      }
    } else {
      order.push(top[0]);
      stack.pop();
    }
  }
  return order.reverse();
}

export interface BackwardOptions {
  /** Record the graph of the gradient computation itself, for higher-order derivatives. */
  createGraph?: boolean;
  /** Keep the graph so backward can run again (implied by createGraph). */
  retainGraph?: boolean;
}

function checkSeed(root: Tensor, seed: Tensor | undefined): Tensor {
  if (seed === undefined) {
    if (root.size !== 1) {
      throw new Error(`backward: the output has shape ${formatShape(root.shape)}; a non-scalar output needs a seed gradient of the same shape (backward(seed))`);
    }
    return onesLike(root);
  }
  if (!(seed instanceof Tensor) || !shapesEqual(seed.shape, root.shape)) {
    throw new Error(`backward: the seed gradient must be a tensor of the output's shape ${formatShape(root.shape)}, got ${seed instanceof Tensor ? formatShape(seed.shape) : typeof seed}`);
  }
  return seed;
}

/**
 * Reverse-mode sweep from `root`. Returns the gradient of each of `targets`; with `accumulate`,
 * also adds into `.grad` of every leaf that requires it (PyTorch semantics).
 */
export function runBackward(root: Tensor, seed: Tensor | undefined, targets: readonly Tensor[], accumulate: boolean, options: BackwardOptions = {}): Array<Tensor | null> {
  if (!root.requiresGrad) {
    throw new Error('backward: the output does not require gradients; no input had requiresGrad set (or it was computed under noGrad)');
  }
  const createGraph = options.createGraph ?? false;
  const targetSet = new Set(targets);
  const grads = new Map<Tensor, Tensor>([[root, checkSeed(root, seed)]]);
  const order = topologicalOrder(root);
  const results = new Map<Tensor, Tensor>();
  withGradMode(createGraph, () => {
    for (const t of order) {
      const g = grads.get(t);
      if (!g) continue;
      grads.delete(t); // free intermediate gradients as soon as they are consumed
      if (targetSet.has(t)) results.set(t, g);
      if (t.node === null) {
        if (accumulate) t.grad = t.grad ? add(t.grad, g) : createGraph ? g : g.detach();
        continue;
      }
      const inputGrads = t.node.backward(g);
      t.node.inputs.forEach((input, i) => {
        const gi = inputGrads[i];
        if (!gi || !input.requiresGrad) return;
        // the one central un-broadcast: every op may return dy-shaped gradients
        const fitted = sumToShape(gi, input.shape);
        const prev = grads.get(input);
        grads.set(input, prev ? add(prev, fitted) : fitted);
      });
    }
  });
  if (!createGraph && !options.retainGraph) {
    for (const t of order) if (t.node !== null && t !== root) t.node = null;
    root.node = null;
  }
  return targets.map((t) => results.get(t) ?? null);
}
