import { add, clip, hardSigmoid, mul } from '@rectify/core';
import { canonicalActivation, getActivation, type ActivationFn } from '../activations/get-activation.js';

// Gate activations the general activation table does not list: Keras 3's hard sigmoid, relu6(x + 3) / 6,
// and the one Keras 2 and TF.js call hard sigmoid, clip(0.2 x + 0.5, 0, 1) (TF.js's LSTM and GRU default).
const GATE_ACTIVATIONS: Record<string, ActivationFn> = {
  hardSigmoid: (x) => hardSigmoid(x),
  legacyHardSigmoid: (x) => clip(add(mul(x, 0.2), 0.5), 0, 1),
};
const GATE_ALIASES: Record<string, string> = { hard_sigmoid: 'hardSigmoid', legacy_hard_sigmoid: 'legacyHardSigmoid' };

/**
 * The canonical name and function of an RNN activation option. 'hardSigmoid' is Keras 3's relu6(x + 3) / 6;
 * 'legacyHardSigmoid' is clip(0.2 x + 0.5, 0, 1), what TF.js and Keras 2 files mean by 'hard_sigmoid'.
 */
export function recurrentActivation(owner: string, name: unknown): { name: string; fn: ActivationFn } {
  if (typeof name !== 'string') throw new Error(`${owner}: an activation must be a name such as 'tanh' or 'sigmoid', got ${JSON.stringify(name)}`);
  const gate = Object.hasOwn(GATE_ALIASES, name) ? GATE_ALIASES[name] : name;
  if (Object.hasOwn(GATE_ACTIVATIONS, gate)) return { name: gate, fn: GATE_ACTIVATIONS[gate] };
  const canonical = canonicalActivation(owner, name);
  return { name: canonical, fn: getActivation(canonical) };
}
