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
export { initializers, initializerRegistry, getInitializer, serializeInitializer, deserializeInitializer, varianceScaling, computeFans, type Initializer, type InitializerLike, type InitializerName } from './initializers.js';
export * from './activations/index.js';
export { Dense, type DenseArgs } from './dense.js';
export { Dropout } from './dropout.js';
export { Flatten, Reshape } from './reshaping.js';
export { Conv2D, type Conv2DArgs } from './conv2d.js';
export { DepthwiseConv2D, type DepthwiseConv2DArgs } from './convolutional/depthwise-conv2d.js';
export { SeparableConv2D, type SeparableConv2DArgs } from './convolutional/separable-conv2d.js';
export { Conv2DTranspose, type Conv2DTransposeArgs } from './convolutional/conv2d-transpose.js';
export { Conv1D, type Conv1DArgs } from './convolutional/conv1d.js';
export { ZeroPadding1D, ZeroPadding2D } from './shape/zero-padding.js';
export { Cropping1D, Cropping2D } from './shape/cropping.js';
export { UpSampling1D, UpSampling2D, type UpSampling2DArgs } from './shape/up-sampling.js';
export { Permute, RepeatVector } from './shape/repeat-permute.js';
export { AveragePooling1D, MaxPooling1D, type Pooling1DArgs } from './pooling/pooling1d.js';
export { GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalMaxPooling1D, GlobalMaxPooling2D, type GlobalPoolingArgs } from './pooling/global-pooling.js';
export { LayerNormalization, type LayerNormalizationArgs } from './normalization/layer-normalization.js';
export { GroupNormalization, type GroupNormalizationArgs } from './normalization/group-normalization.js';
export { SpatialDropout1D, SpatialDropout2D } from './regularization/spatial-dropout.js';
export { AlphaDropout, GaussianDropout, GaussianNoise } from './regularization/noise.js';
export { ActivityRegularization } from './regularization/activity-regularization.js';
export { Rescaling } from './preprocessing/rescaling.js';
export { Normalization, type NormalizationArgs } from './preprocessing/normalization.js';
export { CenterCrop, Resizing } from './preprocessing/resizing.js';
export { RandomBrightness, RandomContrast, RandomFlip, RandomRotation, RandomTranslation, RandomZoom, type WarpArgs } from './preprocessing/augmentation.js';
export { transformImages, type FillMode } from './preprocessing/image-transform.js';
export { regularizers, getRegularizer, serializeRegularizer, regularizerRegistry, type Regularizer, type RegularizerLike } from './regularizers.js';
export { constraints, getConstraint, serializeConstraint, constraintRegistry, type Constraint, type ConstraintLike } from './constraints.js';
export { collectActivityLosses } from './losses.js';
export { Registry } from './named-registry.js';
export { weightOptionKind, weightOptionKeys, readWeightSettings, weightSettingsConfig, deserializeWeightOption, type WeightSettings } from './weight-options.js';
export { MaxPooling2D, AveragePooling2D, type Pooling2DArgs } from './pooling.js';
export { BatchNormalization, type BatchNormalizationArgs } from './batch-normalization.js';
export { Embedding, Masking, Recurrent, Gated, SimpleRNN, LSTM, GRU, Bidirectional, TimeDistributed, type EmbeddingArgs, type MaskingArgs, type RecurrentArgs, type GatedArgs, type LSTMArgs, type GRUArgs, type BidirectionalArgs, type MergeMode, type TimeDistributedArgs, type LayerOrConfig } from './recurrent/index.js';
export { orthogonal } from './orthogonal.js';
export { registerLayer, layerRegistry, getLayerClass, layerClassNames, serializeLayer, deserializeLayer, type LayerClass, type SerializedLayer } from './registry.js';
export type { WeightArgs, ActivationArgs, Conv2DWindowArgs } from './weight-args.js';
