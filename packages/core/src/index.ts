/**
 * Tensors, ops with NumPy broadcasting, reverse-mode autograd, seeded random numbers and the wasm and js backends.
 * @packageDocumentation
 * @module @rectify/core
 */
import './methods.js';

export { Tensor, type TensorLike, type NestedNumbers } from './tensor.js';
export { allocate, castData, type DType, type DataArray } from './dtype.js';
export { formatShape, broadcastShapes, normalizeAxis, sizeOf, shapesEqual, MAX_TENSOR_ELEMENTS, assertShape, assertSize, type Shape } from './shape.js';
export { checkOptions, checkNumber, checkOptionalNumber, checkBoolean, checkChoice, checkSeed, describeValue, describeSpec, type NumberSpec } from './options.js';
export { snakeToCamel, camelToSnake, type SnakeCase } from './names.js';
export { setSeed, rngFor, forkRng, normalSample, type Rng } from './random.js';
export { noGrad, isGradEnabled } from './autograd/grad-mode.js';
export { grad, valueAndGrad } from './autograd/functional.js';
export { variable, findVariable, nameVariable } from './compat/variables.js';
export { grads, variableGrads, gradientsOfVariables, trainableLeaves, type VariableGrads } from './compat/gradients.js';
export { tidy, dispose, keep } from './compat/memory.js';
export { tensor1d, tensor2d, tensor3d, tensor4d } from './compat/ranked.js';
export { gradcheck, type GradcheckOptions } from './autograd/gradcheck.js';
export type { BackwardOptions } from './autograd/backward.js';
export { setBackend, getBackendName, getBackend, registerBackend, listBackends, kernels, ready } from './backend/registry.js';
export { makeResident } from './backend/resident.js';
export { setWasmUrl } from './backend/wasm/module.js';
export { setNumThreads, getNumThreads } from './backend/wasm/index.js';
export type { Backend, UnaryOp, BinaryOp, ReduceOp, Conv2DInfo, ResizeInfo, MatMulInfo, AdamHyper } from './backend/backend.js';
export { trailingBlock } from './backend/js/elementwise.js';
export * from './ops/creation.js';
export { cast } from './ops/operands.js';
export * from './ops/arithmetic.js';
export * from './ops/reduce.js';
export * from './ops/reshape.js';
export * from './ops/layout.js';
export * from './ops/select.js';
export * from './ops/matmul.js';
export * from './ops/activations.js';
export { conv2d, conv2dAddRelu, maxPool2d, avgPool2d, type Conv2DGroupOptions, type Pool2DOptions } from './ops/conv.js';
export { conv2dReluMaxPool } from './ops/conv-relu-pool.js';
export { convGeometry, axisGeometry, transposedLength, toPair, checkPadding, type Conv2DOptions, type Padding } from './ops/conv-geometry.js';
export { depthwiseConv2d } from './ops/depthwise-conv.js';
export { separableConv2d } from './ops/separable-conv.js';
export { conv2dTranspose, type Conv2DTransposeOptions } from './ops/conv-transpose.js';
export { conv1d, maxPool1d, avgPool1d, type Conv1DOptions, type Pool1DOptions } from './ops/conv1d.js';
export { pad } from './ops/pad.js';
export { scaleShift, scaleShiftRelu } from './ops/scale-shift.js';
export { boundedRelu } from './ops/bounded-relu.js';
export { sparseSoftmaxCrossentropy } from './ops/crossentropy.js';
export { resizeBilinear, resizeNearestNeighbor, type ResizeOptions } from './ops/resize.js';
export { split, unstack, reverse } from './ops/split.js';
export { tile } from './ops/tile.js';
export * from './ops/dropout.js';
export { nn } from './nn.js';
