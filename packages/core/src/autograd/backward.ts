import { formatShape, shapesEqual } from '../shape.js';
import { Tensor } from '../tensor.js';
import { add } from '../ops/arithmetic.js';
import { onesLike } from '../ops/creation.js';
import { sumToShape } from '../ops/reshape.js';
import { withGradMode } from './grad-mode.js';
import type { GradNode } from './node.js';
import { checkBoolean, checkOptions } from '../options.js';

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
  /**
   * Keep the graph so backward can run through it again (default: createGraph). Without it the graph is
   * freed after the sweep, and a second backward through any of its tensors throws.
   */
  retainGraph?: boolean;
}

const FREED = Symbol('freed graph node');

/** What a tensor's node becomes once its graph is freed: its op name, no inputs, a backward that throws. */
function freedNode(op: string): GradNode {
  return { op, inputs: [], backward: () => { throw freedGraphError(op); }, [FREED]: true } as GradNode;
}

function isFreedNode(node: GradNode): boolean {
  return (node as unknown as Record<symbol, unknown>)[FREED] === true;
}

function freedGraphError(op: string): Error {
  return new Error(
    `backward: trying to backward through the graph a second time (or to use a tensor whose graph was already freed: its '${op}' node); ` +
      'the graph is freed after backward() to save memory. Pass { retainGraph: true } to the first backward() (tensor.backward(undefined, { retainGraph: true })) if you need to backward through it again.',
  );
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
  checkOptions('backward', options, ['createGraph', 'retainGraph']);
  const order = topologicalOrder(root);
  const createGraph = checkBoolean('backward', 'createGraph', options.createGraph, false);
  const retainGraph = checkBoolean('backward', 'retainGraph', options.retainGraph, createGraph);
  const freed = order.find((t) => t.node !== null && isFreedNode(t.node));
  if (freed) throw freedGraphError(freed.node!.op);
  const targetSet = new Set(targets);
  const grads = new Map<Tensor, Tensor>([[root, checkSeed(root, seed)]]);
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
  if (!retainGraph) {
    // drop each node's inputs and saved tensors (the memory) but keep a marker, so a second backward
    // through this graph fails loudly instead of treating its tensors as leaves and doing nothing
    for (const t of order) if (t.node !== null) t.node = freedNode(t.node.op);
  }
  return targets.map((t) => results.get(t) ?? null);
}
