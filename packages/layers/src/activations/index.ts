export { getActivation, canonicalActivation, activationNames, type ActivationFn, type ActivationName } from './get-activation.js';
export { ReLU, LeakyReLU, ELU, type ReLUArgs } from './relu.js';
export { PReLU, type PReLUArgs } from './prelu.js';
export { Swish, type SwishArgs } from './swish.js';
export { Sigmoid, Tanh, GELU, Softmax, Activation } from './simple.js';
