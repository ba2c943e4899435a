import { hardSigmoid } from '@rectify/core';
import { canonicalActivation, getActivation, type ActivationFn } from '../activations/get-activation.js';

// Recurrent gates use hard sigmoid, which the general activation table may not list.
const GATE_ACTIVATIONS: Record<string, ActivationFn> = { hardSigmoid: (x) => hardSigmoid(x) };
const GATE_ALIASES: Record<string, string> = { hard_sigmoid: 'hardSigmoid' };

/** The canonical name and function of an RNN activation option ('hard_sigmoid' is Keras 3's relu6(x + 3) / 6). */
export function recurrentActivation(owner: string, name: unknown): { name: string; fn: ActivationFn } {
  if (typeof name !== 'string') throw new Error(`${owner}: an activation must be a name such as 'tanh' or 'sigmoid', got ${JSON.stringify(name)}`);
  const gate = Object.hasOwn(GATE_ALIASES, name) ? GATE_ALIASES[name] : name;
  if (Object.hasOwn(GATE_ACTIVATIONS, gate)) return { name: gate, fn: GATE_ACTIVATIONS[gate] };
  const canonical = canonicalActivation(owner, name);
  return { name: canonical, fn: getActivation(canonical) };
}
