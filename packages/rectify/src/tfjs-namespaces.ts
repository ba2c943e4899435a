// TF.js-style factory namespaces beside the classes, so a TF.js program ports by changing its import:
// `tf.sequential()`, `tf.layers.dense({...})`, `tf.train.adam(0.01)`.
import {
  Activation, Add, AveragePooling2D, Average, BatchNormalization, Concatenate, Conv2D, Dense, Dot, Dropout, ELU,
  Flatten, GELU, InputLayer, LeakyReLU, Maximum, MaxPooling2D, Minimum, Multiply, PReLU, ReLU, Reshape, Sigmoid,
  Softmax, Subtract, Swish, Tanh, type Layer,
  ActivityRegularization, AlphaDropout, AveragePooling1D, Bidirectional, CenterCrop, Conv1D, Conv2DTranspose, Cropping1D, Cropping2D, DepthwiseConv2D, Embedding, GRU, GaussianDropout, GaussianNoise, GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalMaxPooling1D, GlobalMaxPooling2D, GroupNormalization, HardSigmoid, HardSwish, LSTM, LayerNormalization, Masking, MaxPooling1D, Mish, Normalization, Permute, RandomBrightness, RandomContrast, RandomFlip, RandomRotation, RandomTranslation, RandomZoom, RepeatVector, Rescaling, Resizing, SeparableConv2D, SimpleRNN, Softplus, SpatialDropout1D, SpatialDropout2D, ThresholdedReLU, TimeDistributed, UpSampling1D, UpSampling2D, ZeroPadding1D, ZeroPadding2D,
} from '@rectify/layers';
import { Adam, AdamW, RMSprop, SGD } from '@rectify/optim';
import { Sequential, loadModel, type Model, type ModelArtifacts, type SequentialArgs } from '@rectify/models';

type LayerConstructor = new (...args: any[]) => Layer;

/** A function building an instance of the class from the same arguments. */
function factory<C extends LayerConstructor>(cls: C): (...args: ConstructorParameters<C>) => InstanceType<C> {
  return (...args) => new cls(...args) as InstanceType<C>;
}

/**
 * A model that is a linear stack of layers, as TF.js's `tf.sequential` (the same as `new Sequential(args)`).
 * @example const model = sequential({ layers: [layers.dense({ units: 1, inputShape: [3] })] });
 */
export function sequential(args?: SequentialArgs): Sequential {
  return new Sequential(args);
}

/**
 * Layer factories with TF.js's names: `layers.dense(args)` is `new Dense(args)`, and so on for every layer class.
 * @example const hidden = layers.dense({ units: 64, activation: 'relu', inputShape: [784] });
 */
export const layers = {
  dense: factory(Dense),
  conv2d: factory(Conv2D),
  maxPooling2d: factory(MaxPooling2D),
  maxPool2d: factory(MaxPooling2D),
  averagePooling2d: factory(AveragePooling2D),
  avgPool2d: factory(AveragePooling2D),
  batchNormalization: factory(BatchNormalization),
  dropout: factory(Dropout),
  flatten: factory(Flatten),
  reshape: factory(Reshape),
  activation: factory(Activation),
  reLU: factory(ReLU),
  leakyReLU: factory(LeakyReLU),
  prelu: factory(PReLU),
  elu: factory(ELU),
  softmax: factory(Softmax),
  sigmoid: factory(Sigmoid),
  tanh: factory(Tanh),
  gelu: factory(GELU),
  swish: factory(Swish),
  add: factory(Add),
  subtract: factory(Subtract),
  multiply: factory(Multiply),
  average: factory(Average),
  maximum: factory(Maximum),
  minimum: factory(Minimum),
  concatenate: factory(Concatenate),
  dot: factory(Dot),
  inputLayer: factory(InputLayer),
  activityRegularization: factory(ActivityRegularization),
  alphaDropout: factory(AlphaDropout),
  averagePooling1d: factory(AveragePooling1D),
  bidirectional: factory(Bidirectional),
  centerCrop: factory(CenterCrop),
  conv1d: factory(Conv1D),
  conv2dTranspose: factory(Conv2DTranspose),
  cropping1d: factory(Cropping1D),
  cropping2d: factory(Cropping2D),
  cropping2D: factory(Cropping2D),
  depthwiseConv2d: factory(DepthwiseConv2D),
  embedding: factory(Embedding),
  gru: factory(GRU),
  gaussianDropout: factory(GaussianDropout),
  gaussianNoise: factory(GaussianNoise),
  globalAveragePooling1d: factory(GlobalAveragePooling1D),
  globalAveragePooling2d: factory(GlobalAveragePooling2D),
  globalMaxPooling1d: factory(GlobalMaxPooling1D),
  globalMaxPooling2d: factory(GlobalMaxPooling2D),
  groupNormalization: factory(GroupNormalization),
  hardSigmoid: factory(HardSigmoid),
  hardSwish: factory(HardSwish),
  lstm: factory(LSTM),
  layerNormalization: factory(LayerNormalization),
  masking: factory(Masking),
  maxPooling1d: factory(MaxPooling1D),
  mish: factory(Mish),
  normalization: factory(Normalization),
  permute: factory(Permute),
  randomBrightness: factory(RandomBrightness),
  randomContrast: factory(RandomContrast),
  randomFlip: factory(RandomFlip),
  randomRotation: factory(RandomRotation),
  randomTranslation: factory(RandomTranslation),
  randomZoom: factory(RandomZoom),
  repeatVector: factory(RepeatVector),
  rescaling: factory(Rescaling),
  resizing: factory(Resizing),
  separableConv2d: factory(SeparableConv2D),
  simpleRNN: factory(SimpleRNN),
  softplus: factory(Softplus),
  spatialDropout1d: factory(SpatialDropout1D),
  spatialDropout2d: factory(SpatialDropout2D),
  thresholdedReLU: factory(ThresholdedReLU),
  timeDistributed: factory(TimeDistributed),
  upSampling1d: factory(UpSampling1D),
  upSampling2d: factory(UpSampling2D),
  zeroPadding1d: factory(ZeroPadding1D),
  zeroPadding2d: factory(ZeroPadding2D),
};

function notAvailable(name: string, instead: string): (...args: unknown[]) => never {
  return () => {
    throw new Error(`train.${name}: this optimizer is not available in Rectify; use ${instead}`);
  };
}

/**
 * Optimizer factories with TF.js's names and positional arguments.
 * @example model.compile({ optimizer: train.adam(0.01), loss: 'meanSquaredError' });
 */
export const train = {
  /** `new SGD({ learningRate })`. */
  sgd: (learningRate: number): SGD => new SGD({ learningRate }),
  /** SGD with momentum (and Nesterov momentum when `useNesterov`). */
  momentum: (learningRate: number, momentum: number, useNesterov = false): SGD => new SGD({ learningRate, momentum, nesterov: useNesterov }),
  /** `new Adam({ learningRate, beta1, beta2, epsilon })`; TF.js's defaults are Adam's. */
  adam: (learningRate = 0.001, beta1?: number, beta2?: number, epsilon?: number): Adam => new Adam({ learningRate, beta1, beta2, epsilon }),
  /** Adam with decoupled weight decay (Keras's AdamW; not in TF.js). */
  adamw: (learningRate = 0.001, weightDecay?: number): AdamW => new AdamW({ learningRate, weightDecay }),
  /** RMSprop; TF.js's `decay` is Keras's `rho`. */
  rmsprop: (learningRate: number, decay?: number, momentum?: number, epsilon?: number, centered?: boolean): RMSprop =>
    new RMSprop({ learningRate, rho: decay, momentum, epsilon, centered }),
  adagrad: notAvailable('adagrad', 'train.adam(learningRate) or train.rmsprop(learningRate)'),
  adadelta: notAvailable('adadelta', 'train.adam(learningRate) or train.rmsprop(learningRate)'),
  adamax: notAvailable('adamax', 'train.adam(learningRate)'),
};

/**
 * Loads a model saved in the TF.js LayersModel format, as TF.js's `tf.loadLayersModel` (the same as `loadModel`):
 * a folder, a path or `file://` URL of `model.json`, or in-memory artifacts.
 * @example const model = await loadLayersModel('file://models/xor/model.json');
 */
export function loadLayersModel(source: string | ModelArtifacts): Promise<Model> {
  return loadModel(source);
}
