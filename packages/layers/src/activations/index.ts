export { getActivation, canonicalActivation, activationNames, activationRegistry, kerasActivationName, type ActivationFn, type ActivationName } from './get-activation.js';
export { ReLU, LeakyReLU, ELU, type ReLUArgs } from './relu.js';
export { PReLU, type PReLUArgs } from './prelu.js';
export { Swish, type SwishArgs } from './swish.js';
export { Sigmoid, Tanh, GELU, Softmax, Activation } from './simple.js';
export { ThresholdedReLU, Softplus, Mish, HardSigmoid, HardSwish } from './more.js';
