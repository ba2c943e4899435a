import { relu, relu6, leakyRelu, prelu, elu, selu, sigmoid, tanh, softplus, swish, silu, gelu, softmax, logSoftmax, hardSigmoid, hardSwish, mish, thresholdedRelu, softsign } from './ops/activations.js';
import { dropout } from './ops/dropout.js';

/** The activation functions as a group, as in `tf.nn`: `nn.relu(x)`. */
export const nn = { relu, relu6, leakyRelu, prelu, elu, selu, sigmoid, tanh, softplus, swish, silu, gelu, softmax, logSoftmax, hardSigmoid, hardSwish, mish, thresholdedRelu, softsign, dropout };
