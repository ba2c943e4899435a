import { Tensor, type SnakeCase, elu, gelu, leakyRelu, relu, relu6, selu, sigmoid, softmax, softplus, swish, tanh } from '@rectify/core';

/** An elementwise activation usable as a Dense/Conv2D `activation` option. */
export type ActivationFn = (x: Tensor) => Tensor;

const ACTIVATIONS = {
  linear: (x) => x,
  relu: (x) => relu(x),
  relu6: (x) => relu6(x),
  leakyRelu: (x) => leakyRelu(x),
  elu: (x) => elu(x),
  selu: (x) => selu(x),
  sigmoid: (x) => sigmoid(x),
  tanh: (x) => tanh(x),
  softmax: (x) => softmax(x),
  softplus: (x) => softplus(x),
  swish: (x) => swish(x),
  gelu: (x) => gelu(x),
} satisfies Record<string, ActivationFn>;

/** Keras snake_case spellings accepted as aliases. */
const ALIASES = { leaky_relu: 'leakyRelu', silu: 'swish', None: 'linear' } as const satisfies Record<string, keyof typeof ACTIVATIONS>;

/** An activation's name: camelCase, Keras snake_case ('leaky_relu'), 'silu' for swish, 'None' for linear. */
export type ActivationName = keyof typeof ACTIVATIONS | SnakeCase<keyof typeof ACTIVATIONS> | keyof typeof ALIASES;

/** Canonical camelCase activation names accepted wherever `activation` is. */
export const activationNames: readonly string[] = Object.keys(ACTIVATIONS);

/** Normalizes an activation name ('leaky_relu' -> 'leakyRelu'); throws on unknown names. */
export function canonicalActivation(owner: string, name: string): string {
  if (name === 'prelu' || name === 'PReLU') {
    // a string cannot carry a learnable alpha: refuse rather than silently drop it
    throw new Error(`${owner}: activation 'prelu' has a learnable alpha and needs its own weights; add a PReLU layer after this one instead`);
  }
  const canonical: string = Object.hasOwn(ALIASES, name) ? ALIASES[name as keyof typeof ALIASES] : name;
  if (!Object.hasOwn(ACTIVATIONS, canonical)) {
    throw new Error(`${owner}: unknown activation '${name}'; valid names are ${activationNames.join(', ')}`);
  }
  return canonical;
}

/**
 * Resolves an activation name to its function.
 * @example getActivation('relu')(tensor([-1, 2])) // [0, 2]
 */
export function getActivation(name: string, owner = 'activation'): ActivationFn {
  return ACTIVATIONS[canonicalActivation(owner, name) as keyof typeof ACTIVATIONS];
}
