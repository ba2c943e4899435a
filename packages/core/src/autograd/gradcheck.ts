import { castData } from '../dtype.js';
import { formatShape } from '../shape.js';
import { Tensor } from '../tensor.js';
import { mul } from '../ops/arithmetic.js';
import { sum } from '../ops/reduce.js';
import { randomUniform } from '../ops/creation.js';
import { noGrad } from './grad-mode.js';
import { checkOptionalNumber, checkOptions, describeValue } from '../options.js';
import { valueAndGrad } from './functional.js';

export interface GradcheckOptions {
  /** Finite-difference step. Default 1e-6. */
  eps?: number;
  /** Absolute tolerance. Default 1e-5. */
  atol?: number;
  /** Relative tolerance. Default 1e-3. */
  rtol?: number;
}

/**
 * Checks autograd against central differences in float64: for every input element,
 * (f(x + eps) - f(x - eps)) / 2eps must match the analytic gradient within atol + rtol * |numeric|.
 * A non-scalar output is first projected onto a fixed random direction, which checks the whole
 * Jacobian-vector product. Returns true or throws naming the input, the element and both values.
 * @example gradcheck((x) => x.relu().sum(), [tensor([-1, 2])]) // true
 */
export function gradcheck(f: (...xs: Tensor[]) => Tensor, inputs: readonly Tensor[], options: GradcheckOptions = {}): true {
  checkOptions('gradcheck', options, ['eps', 'atol', 'rtol']);
  const eps = checkOptionalNumber('gradcheck', 'eps', options?.eps, 1e-6, { greaterThan: 0 });
  const atol = checkOptionalNumber('gradcheck', 'atol', options?.atol, 1e-5, { min: 0 });
  const rtol = checkOptionalNumber('gradcheck', 'rtol', options?.rtol, 1e-3, { min: 0 });
  if (typeof f !== 'function') throw new Error(`gradcheck: expected a function, got ${describeValue(f)}`);
  if (!Array.isArray(inputs) || inputs.some((x) => !(x instanceof Tensor))) throw new Error(`gradcheck: inputs must be an array of tensors, got ${describeValue(inputs)}`);
  const xs = inputs.map((x) => new Tensor(castData(x.values, 'float64'), x.shape));
  let projection: Tensor | null = null;
  const scalarF = (...args: Tensor[]): Tensor => {
    const y = f(...args);
    if (!(y instanceof Tensor)) throw new Error(`gradcheck: the function must return a Tensor, got ${typeof y}`);
    if (y.size === 1) return sum(y);
    projection ??= randomUniform(y.shape, { minval: -1, maxval: 1, seed: 1234, dtype: 'float64' });
    return sum(mul(y, projection));
  };
  const [, analytic] = valueAndGrad(scalarF)(...xs);
  xs.forEach((x, i) => {
    const data = x.values;
    const g = analytic[i].values;
    for (let j = 0; j < data.length; j++) {
      const orig = data[j];
      data[j] = orig + eps;
      const plus = noGrad(() => scalarF(...xs).item());
      data[j] = orig - eps;
      const minus = noGrad(() => scalarF(...xs).item());
      data[j] = orig;
      const numeric = (plus - minus) / (2 * eps);
      if (!(Math.abs(g[j] - numeric) <= atol + rtol * Math.abs(numeric))) {
        throw new Error(`gradcheck: input ${i} (shape ${formatShape(x.shape)}), element ${j}: analytic gradient ${g[j]} but central difference ${numeric}`);
      }
    }
  });
  return true;
}
