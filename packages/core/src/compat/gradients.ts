import { Tensor } from '../tensor.js';
import { describeValue } from '../options.js';
import { formatShape } from '../shape.js';
import { zerosLike } from '../ops/creation.js';
import { withGradMode } from '../autograd/grad-mode.js';
import { runBackward } from '../autograd/backward.js';
import { valueAndGrad } from '../autograd/functional.js';
import { nameVariable } from './variables.js';

/**
 * TF.js's `tf.grads`: the gradient function of a scalar function of several tensors, giving one gradient
 * per argument (always an array, unlike `grad`).
 * @example const [da, db] = grads((a, b) => a.mul(b).sum())([tensor([2]), tensor([3])]); // [3], [2]
 */
export function grads(f: (...xs: Tensor[]) => Tensor): (args: Tensor[], dy?: Tensor) => Tensor[] {
  const vg = valueAndGrad(f);
  return (args: Tensor[], dy?: Tensor) => {
    if (!Array.isArray(args)) throw new Error(`grads: the gradient function takes an array of tensors, got ${describeValue(args)}`);
    if (dy !== undefined) throw new Error('grads: a seed gradient dy is not supported; multiply the function\'s result by it instead');
    return vg(...args)[1];
  };
}

/** What `variableGrads` returns: the value of f and each variable's gradient, by variable name. */
export interface VariableGrads {
  value: Tensor;
  grads: Record<string, Tensor>;
}

/** The leaves that record gradients and that `root` was computed from. */
export function trainableLeaves(root: Tensor): Tensor[] {
  const found = new Set<Tensor>();
  const seen = new Set<Tensor>();
  const stack = [root];
  while (stack.length > 0) {
    const t = stack.pop()!;
    if (seen.has(t)) continue;
    seen.add(t);
    if (t.node === null) {
      if (t.requiresGrad) found.add(t);
    } else stack.push(...t.node.inputs);
  }
  return [...found];
}

/**
 * The value of the scalar function `f` and the gradient of each variable it used (or of `varList`), in order.
 * `.grad` fields are left as they were. `variableGrads` and `optimizer.minimize` are built on it.
 */
export function gradientsOfVariables(owner: string, f: () => Tensor, varList?: Tensor[]): { value: Tensor; variables: Tensor[]; gradients: Tensor[] } {
  if (typeof f !== 'function') throw new Error(`${owner}: expected a function returning a scalar Tensor, got ${describeValue(f)}`);
  if (varList !== undefined && (!Array.isArray(varList) || varList.some((v) => !(v instanceof Tensor)))) {
    throw new Error(`${owner}: varList must be an array of variables, got ${describeValue(varList)}`);
  }
  const value = withGradMode(true, f);
  if (!(value instanceof Tensor)) throw new Error(`${owner}: the function must return a Tensor, got ${describeValue(value)}`);
  if (value.size !== 1) throw new Error(`${owner}: the function must return a scalar, got shape ${formatShape(value.shape)}`);
  const variables = varList ?? trainableLeaves(value);
  if (variables.length === 0) throw new Error(`${owner}: the function used no trainable variable; create them with variable(tensor) or pass varList`);
  const found = value.requiresGrad ? runBackward(value, undefined, variables, false) : variables.map(() => null);
  return { value: value.detach(), variables, gradients: found.map((g, i) => g ?? zerosLike(variables[i])) };
}

/**
 * TF.js's `tf.variableGrads`: runs the scalar function `f` and returns its value and the gradient of every
 * variable it used (or of `varList`), keyed by variable name (see `variable`); `.grad` fields are left as they were.
 * @example const w = variable(tensor([3]), true, 'w'); variableGrads(() => w.square().sum()).grads.w; // [6]
 */
export function variableGrads(f: () => Tensor, varList?: Tensor[]): VariableGrads {
  const { value, variables, gradients } = gradientsOfVariables('variableGrads', f, varList);
  const out: Record<string, Tensor> = {};
  variables.forEach((v, i) => {
    const name = nameVariable(v);
    if (name in out) throw new Error(`variableGrads: two variables are both named '${name}'; give them distinct names or use optimizer.minimize`);
    out[name] = gradients[i];
  });
  return { value, grads: out };
}
