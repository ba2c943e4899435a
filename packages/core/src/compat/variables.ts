import { Tensor } from '../tensor.js';
import { describeValue } from '../options.js';

// TF.js addresses variables by name (variableGrads returns a record by name, applyGradients takes one).
// Tensors carry no name, so names live here; weak references let unused variables be collected.
const nameOf = new WeakMap<Tensor, string>();
const byName = new Map<string, WeakRef<Tensor>>();
let unnamed = 0;
// forgets a name once its variable is collected (unless the name was given to a newer one since)
const forget = new FinalizationRegistry<string>((name) => {
  if (byName.get(name)?.deref() === undefined) byName.delete(name);
});

/**
 * A trainable tensor, as TF.js's `tf.variable`: a copy of `initial` that records gradients when `trainable`.
 * Its name keys the records of `variableGrads` and `optimizer.applyGradients`.
 * @example const w = variable(tensor([1, 2]), true, 'w'); // w.requiresGrad === true
 */
export function variable(initial: Tensor, trainable = true, name?: string): Tensor {
  if (!(initial instanceof Tensor)) throw new Error(`variable: expected an initial Tensor, got ${describeValue(initial)}`);
  if (name !== undefined && typeof name !== 'string') throw new Error(`variable: name must be a string, got ${describeValue(name)}`);
  const v = new Tensor(initial.values.slice(), initial.shape, trainable);
  nameVariable(v, name);
  return v;
}

/** The name a tensor is known by (a layer weight's own name, else the one given or assigned here). */
export function nameVariable(t: Tensor, name?: string): string {
  const own = (t as { name?: unknown }).name;
  const chosen = name ?? nameOf.get(t) ?? (typeof own === 'string' ? own : `variable_${unnamed++}`);
  if (nameOf.get(t) !== chosen) forget.register(t, chosen);
  nameOf.set(t, chosen);
  byName.set(chosen, new WeakRef(t));
  return chosen;
}

/** The live variable called `name`, or undefined. */
export function findVariable(name: string): Tensor | undefined {
  return byName.get(name)?.deref();
}
