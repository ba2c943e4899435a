/**
 * Layers (Dense, Conv2D, pooling, BatchNormalization, Dropout, the ReLU family, merge layers), symbolic inputs for graph models, initializers.
 * @packageDocumentation
 * @module @rectify/layers
 */
export { Layer, checkOptions, BASE_LAYER_KEYS, type LayerArgs, type CallOptions, type InputSpec, type AddWeightOptions, type ShapeOrShapes } from './layer.js';
export { SymbolicTensor, Node, isSymbolic, formatSymbolicShape, type SymbolicShape } from './graph/symbolic.js';
export { InputLayer, input, type InputArgs } from './graph/input-layer.js';
export { Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate, Dot } from './merge.js';
export { Parameter } from './parameter.js';
export { withWeightBudget, type WeightBudget } from './weight-budget.js';
export { toSnakeCase, uniqueName } from './names.js';
export { initializers, getInitializer, serializeInitializer, deserializeInitializer, varianceScaling, computeFans, type Initializer, type InitializerLike, type InitializerName } from './initializers.js';
export * from './activations/index.js';
export { Dense, type DenseArgs } from './dense.js';
export { Dropout } from './dropout.js';
export { Flatten, Reshape } from './reshaping.js';
export { Conv2D, type Conv2DArgs } from './conv2d.js';
export { MaxPooling2D, AveragePooling2D, type Pooling2DArgs } from './pooling.js';
export { BatchNormalization, type BatchNormalizationArgs } from './batch-normalization.js';
export { registerLayer, getLayerClass, layerClassNames, serializeLayer, deserializeLayer, type LayerClass, type SerializedLayer } from './registry.js';
