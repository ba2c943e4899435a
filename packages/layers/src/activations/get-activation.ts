import { Tensor, type SnakeCase, add, clip, elu, exp, mul, gelu, hardSigmoid, hardSwish, leakyRelu, logSoftmax, mish, relu, relu6, selu, sigmoid, softmax, softplus, softsign, swish, tanh } from '@rectify/core';
import { Registry } from '../named-registry.js';
import { camelToSnake } from '../names.js';

/** An elementwise activation usable as a Dense/Conv2D `activation` option. */
export type ActivationFn = (x: Tensor) => Tensor;

/** Every activation string, by its camelCase name; Keras's snake_case spellings are found too. */
export const activationRegistry = new Registry<ActivationFn>('activation');

// [name, function, aliases]: one line per activation
const BUILT_IN: Array<[string, ActivationFn, string[]?]> = [
  ['linear', (x) => x, ['None']],
  ['relu', (x) => relu(x)],
  ['relu6', (x) => relu6(x)],
  ['leakyRelu', (x) => leakyRelu(x)],
  ['elu', (x) => elu(x)],
  ['selu', (x) => selu(x)],
  ['sigmoid', (x) => sigmoid(x)],
  ['hardSigmoid', (x) => hardSigmoid(x)],
  // Keras 2's and TF.js's hard sigmoid, which files from them mean by 'hard_sigmoid'
  ['legacyHardSigmoid', (x) => clip(add(mul(x, 0.2), 0.5), 0, 1)],
  ['tanh', (x) => tanh(x)],
  ['softmax', (x) => softmax(x)],
  ['logSoftmax', (x) => logSoftmax(x)],
  ['softplus', (x) => softplus(x)],
  ['softsign', (x) => softsign(x)],
  ['swish', (x) => swish(x), ['silu']],
  ['hardSwish', (x) => hardSwish(x), ['hard_silu']],
  ['mish', (x) => mish(x)],
  ['gelu', (x) => gelu(x)],
  ['exponential', (x) => exp(x)],
];
for (const [name, fn, aliases] of BUILT_IN) activationRegistry.register(name, fn, aliases);

type BuiltInActivation = 'linear' | 'relu' | 'relu6' | 'leakyRelu' | 'elu' | 'selu' | 'sigmoid' | 'hardSigmoid' | 'legacyHardSigmoid' | 'tanh' | 'softmax' | 'logSoftmax' | 'softplus' | 'softsign' | 'swish' | 'hardSwish' | 'mish' | 'gelu' | 'exponential';

/** An activation's name: camelCase, Keras snake_case ('leaky_relu'), 'silu' for swish, 'None' for linear. */
export type ActivationName = BuiltInActivation | SnakeCase<BuiltInActivation> | 'silu' | 'hard_silu' | 'None';

/** Canonical camelCase activation names accepted wherever `activation` is. */
export const activationNames: readonly string[] = BUILT_IN.map(([name]) => name);

/** Normalizes an activation name ('leaky_relu' -> 'leakyRelu'); throws on unknown names. */
export function canonicalActivation(owner: string, name: string): string {
  if (name === 'prelu' || name === 'PReLU') {
    // a string cannot carry a learnable alpha: refuse rather than silently drop it
    throw new Error(`${owner}: activation 'prelu' has a learnable alpha and needs its own weights; add a PReLU layer after this one instead`);
  }
  const canonical = activationRegistry.canonical(name);
  if (canonical === undefined) activationRegistry.get(name, owner);
  return canonical as string;
}

/** The name Keras writes for a canonical activation ('leakyRelu' -> 'leaky_relu', 'hardSwish' -> 'hard_swish'). */
export function kerasActivationName(name: string): string {
  return camelToSnake(canonicalActivation('activation', name));
}

/**
 * Resolves an activation name to its function.
 * @example getActivation('relu')(tensor([-1, 2])) // [0, 2]
 */
export function getActivation(name: string, owner = 'activation'): ActivationFn {
  return activationRegistry.get(canonicalActivation(owner, name), owner);
}
