import { Tensor } from '../tensor.js';
import { formatShape } from '../shape.js';
import { zerosLike } from '../ops/creation.js';
import { isGradEnabled, withGradMode } from './grad-mode.js';
import { runBackward } from './backward.js';

type Fn = (...xs: Tensor[]) => Tensor;

/**
 * Returns a function computing f's value and its gradient with respect to every argument.
 * Nested use works: the gradient is itself differentiable when an outer grad is tracing.
 * @example const [y, [dx]] = valueAndGrad((x) => x.square().sum())(tensor([3])); // y = 9, dx = [6]
 */
export function valueAndGrad(f: Fn): (...xs: Tensor[]) => [Tensor, Tensor[]] {
  if (typeof f !== 'function') throw new Error(`grad: expected a function of tensors, got ${f === null ? 'null' : typeof f}`);
  return (...xs: Tensor[]) => {
    xs.forEach((x, i) => {
      if (!(x instanceof Tensor)) throw new Error(`grad: argument ${i} must be a Tensor, got ${typeof x}`);
    });
    // An argument already tracked belongs to an outer trace: differentiate through it and keep the
    // gradient's own graph. Fresh arguments become leaves of a private graph.
    const nested = isGradEnabled() && xs.some((x) => x.requiresGrad);
    const inputs = xs.map((x) => (x.requiresGrad && isGradEnabled() ? x : new Tensor(x.values, x.shape, true)));
    // the private graph is recorded even inside noGrad (a gradient is asked for explicitly)
    const y = withGradMode(true, () => f(...inputs));
    if (!(y instanceof Tensor)) throw new Error(`grad: the function must return a Tensor, got ${typeof y}`);
    if (y.size !== 1) throw new Error(`grad: the function must return a scalar, got shape ${formatShape(y.shape)}`);
    if (!y.requiresGrad) return [y, inputs.map((x) => zerosLike(x))];
    const grads = withGradMode(nested, () => runBackward(y, undefined, inputs, false, { createGraph: nested, retainGraph: nested }));
    return [nested ? y : y.detach(), grads.map((g, i) => g ?? zerosLike(inputs[i]))];
  };
}

/**
 * Returns the gradient function of a scalar function: one argument gives one gradient, several give an array.
 * @example grad((x) => x.pow(3).sum())(tensor([2])) // [12]
 * @example grad(grad((x) => x.pow(3).sum()))(tensor([2])) // [12] (6x)
 */
export function grad(f: (x: Tensor) => Tensor): (x: Tensor) => Tensor;
export function grad(f: Fn): (...xs: Tensor[]) => Tensor | Tensor[];
export function grad(f: Fn): (...xs: Tensor[]) => Tensor | Tensor[] {
  if (typeof f !== 'function') throw new Error(`grad: expected a function of tensors, got ${f === null ? 'null' : typeof f}`);
  const vg = valueAndGrad((...xs) => {
    const y = f(...xs);
    if (y instanceof Tensor && y.size === 1 && y.rank > 0) return y.reshape([]);
    return y;
  });
  return (...xs: Tensor[]) => {
    const grads = vg(...xs)[1];
    return xs.length === 1 ? grads[0] : grads;
  };
}
