import { describeValue } from '@rectify/core';
import { Layer } from './layer.js';
import { deserializeWeightOption } from './weight-options.js';
import { Registry } from './named-registry.js';
import { Dense } from './dense.js';
import { ReLU, LeakyReLU, ELU } from './activations/relu.js';
import { PReLU } from './activations/prelu.js';
import { Swish } from './activations/swish.js';
import { Sigmoid, Tanh, GELU, Softmax, Activation } from './activations/simple.js';
import { Dropout } from './dropout.js';
import { Flatten, Reshape } from './reshaping.js';
import { Conv2D } from './conv2d.js';
import { MaxPooling2D, AveragePooling2D } from './pooling.js';
import { BatchNormalization } from './batch-normalization.js';
import { InputLayer } from './graph/input-layer.js';
import { Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate, Dot } from './merge.js';
import { Embedding, Masking, SimpleRNN, LSTM, GRU, Bidirectional, TimeDistributed, setNestedLayerDeserializer } from './recurrent/index.js';
import { DepthwiseConv2D } from './convolutional/depthwise-conv2d.js';
import { SeparableConv2D } from './convolutional/separable-conv2d.js';
import { Conv2DTranspose } from './convolutional/conv2d-transpose.js';
import { Conv1D } from './convolutional/conv1d.js';
import { ZeroPadding1D, ZeroPadding2D } from './shape/zero-padding.js';
import { Cropping1D, Cropping2D } from './shape/cropping.js';
import { UpSampling1D, UpSampling2D } from './shape/up-sampling.js';
import { Permute, RepeatVector } from './shape/repeat-permute.js';
import { AveragePooling1D, MaxPooling1D } from './pooling/pooling1d.js';
import { GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalMaxPooling1D, GlobalMaxPooling2D } from './pooling/global-pooling.js';
import { LayerNormalization } from './normalization/layer-normalization.js';
import { GroupNormalization } from './normalization/group-normalization.js';
import { SpatialDropout1D, SpatialDropout2D } from './regularization/spatial-dropout.js';
import { AlphaDropout, GaussianDropout, GaussianNoise } from './regularization/noise.js';
import { ActivityRegularization } from './regularization/activity-regularization.js';
import { Rescaling } from './preprocessing/rescaling.js';
import { Normalization } from './preprocessing/normalization.js';
import { CenterCrop, Resizing } from './preprocessing/resizing.js';
import { RandomBrightness, RandomContrast, RandomFlip, RandomRotation, RandomTranslation, RandomZoom } from './preprocessing/augmentation.js';
import { HardSigmoid, HardSwish, Mish, Softplus, ThresholdedReLU } from './activations/more.js';

/** A layer class constructible from its own `getConfig()`. */
export type LayerClass = (new (config: never) => Layer) & { className: string };

/** A layer as data: its class name and constructor options. */
export interface SerializedLayer {
  className: string;
  config: Record<string, unknown>;
}

/** Every loadable layer class by its class name (and aliases such as Keras 2 names). */
export const layerRegistry = new Registry<LayerClass>('layer class', 'known classes are');

/**
 * Makes a layer class loadable by name (built-in layers are registered already); `aliases` are other class
 * names files use for it.
 * @example
 * class Doubling extends Layer { static override className = 'Doubling'; call(x: Tensor) { return x.mul(2); } }
 * registerLayer(Doubling);
 */
export function registerLayer(cls: LayerClass, aliases: readonly string[] = []): void {
  if (typeof cls !== 'function' || typeof cls.className !== 'string') throw new Error('registerLayer: expected a Layer class with a static className');
  layerRegistry.register(cls.className, cls, aliases);
}

/** The class registered under `className` (or one of its aliases). */
export function getLayerClass(className: string): LayerClass {
  return layerRegistry.get(className, 'deserializeLayer');
}

/** Names of every registered layer class. */
export function layerClassNames(): string[] {
  return layerRegistry.names();
}

/** A layer's class name and config. */
export function serializeLayer(layer: Layer): SerializedLayer {
  return { className: layer.className, config: layer.getConfig() };
}

/** Recreates a layer from `{ className, config }`. */
export function deserializeLayer(serialized: SerializedLayer): Layer {
  if (!serialized || typeof serialized !== 'object' || typeof serialized.className !== 'string') {
    throw new Error(`deserializeLayer: expected { className, config }, got ${describeValue(serialized)}`);
  }
  const cls = getLayerClass(serialized.className);
  const config: Record<string, unknown> = { ...serialized.config };
  for (const key of Object.keys(config)) config[key] = deserializeWeightOption(key, config[key]);
  // a null option means "the default", unless the class lists it as meaningful (Bidirectional's mergeMode)
  const nullable = (cls as { nullableOptions?: readonly string[] }).nullableOptions ?? [];
  for (const key of Object.keys(config)) if (config[key] === null && !nullable.includes(key)) delete config[key];
  return new cls(config as never);
}

for (const cls of [Dense, ReLU, LeakyReLU, ELU, PReLU, Swish, Sigmoid, Tanh, GELU, Softmax, Activation, Dropout, Flatten, Reshape, Conv2D, MaxPooling2D, AveragePooling2D, BatchNormalization, InputLayer, Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate, Dot]) {
  registerLayer(cls as unknown as LayerClass);
}
for (const cls of [Embedding, Masking, SimpleRNN, LSTM, GRU, Bidirectional, TimeDistributed]) registerLayer(cls as unknown as LayerClass);
setNestedLayerDeserializer(deserializeLayer);

// convolution, shape, pooling, normalization, noise, preprocessing and activation layers
for (const cls of [
  DepthwiseConv2D, SeparableConv2D, Conv2DTranspose, Conv1D, ZeroPadding1D, ZeroPadding2D, Cropping1D, Cropping2D, UpSampling1D, UpSampling2D,
  Permute, RepeatVector, AveragePooling1D, MaxPooling1D, GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalMaxPooling1D, GlobalMaxPooling2D,
  LayerNormalization, GroupNormalization, SpatialDropout1D, SpatialDropout2D, AlphaDropout, GaussianDropout, GaussianNoise, ActivityRegularization,
  Rescaling, Normalization, CenterCrop, Resizing, RandomBrightness, RandomContrast, RandomFlip, RandomRotation, RandomTranslation, RandomZoom,
  HardSigmoid, HardSwish, Mish, Softplus, ThresholdedReLU,
]) {
  registerLayer(cls as unknown as LayerClass);
}
// Keras 2 and TF.js spellings of the same classes
registerLayer(Conv2DTranspose as unknown as LayerClass, ['Deconvolution2D', 'Deconv2D']);
registerLayer(Conv1D as unknown as LayerClass, ['Convolution1D']);
registerLayer(MaxPooling1D as unknown as LayerClass, ['MaxPool1D']);
registerLayer(AveragePooling1D as unknown as LayerClass, ['AvgPool1D']);
registerLayer(GlobalAveragePooling2D as unknown as LayerClass, ['GlobalAvgPool2D']);
registerLayer(GlobalAveragePooling1D as unknown as LayerClass, ['GlobalAvgPool1D']);
registerLayer(GlobalMaxPooling2D as unknown as LayerClass, ['GlobalMaxPool2D']);
registerLayer(GlobalMaxPooling1D as unknown as LayerClass, ['GlobalMaxPool1D']);
