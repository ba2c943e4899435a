import type { Backend } from '../backend.js';
import { conv2d, conv2dAddRelu, conv2dBackpropFilter, conv2dBackpropInput, conv2dReluMaxPool, conv2dReluMaxPoolBackprop } from './conv.js';
import { depthwiseConv2d, depthwiseConv2dBackpropFilter, depthwiseConv2dBackpropInput } from './depthwise-conv.js';
import { binary, broadcastTo, reluGradBias, unary, where } from './elementwise.js';
import { concat, gatherFlat, scatterAddFlat, slice, transposeImpl, unslice } from './layout.js';
import { matmul } from './matmul.js';
import { avgPool, avgPoolBackprop, maxPool } from './pool.js';
import { argReduce, reduce } from './reduce.js';
import { resize, resizeBackprop } from './resize.js';
import { boundedRelu } from './bounded-relu.js';
import { sparseSoftmaxCrossentropy } from './crossentropy.js';
import { scaleShift } from './scale-shift.js';
import { logSumExp, softmax } from './softmax.js';

/** The portable reference kernels: plain loops over typed arrays, available everywhere. */
export const jsBackend: Backend = {
  name: 'js',
  unary,
  binary,
  reluGradBias,
  where,
  boundedRelu,
  scaleShift,
  reduce,
  argReduce,
  matmul,
  transpose: transposeImpl,
  broadcastTo,
  slice,
  unslice,
  concat,
  gatherFlat,
  scatterAddFlat,
  softmax,
  logSumExp,
  sparseSoftmaxCrossentropy,
  conv2d,
  conv2dAddRelu,
  conv2dBackpropInput,
  conv2dBackpropFilter,
  conv2dReluMaxPool,
  conv2dReluMaxPoolBackprop,
  depthwiseConv2d,
  depthwiseConv2dBackpropInput,
  depthwiseConv2dBackpropFilter,
  resize,
  resizeBackprop,
  maxPool,
  avgPool,
  avgPoolBackprop,
};
