// TF.js-style factory namespaces beside the classes, so a TF.js program ports by changing its import:
// `tf.sequential()`, `tf.layers.dense({...})`, `tf.train.adam(0.01)`.
import {
  Activation, Add, AveragePooling2D, Average, BatchNormalization, Concatenate, Conv2D, Dense, Dot, Dropout, ELU,
  Flatten, GELU, InputLayer, LeakyReLU, Maximum, MaxPooling2D, Minimum, Multiply, PReLU, ReLU, Reshape, Sigmoid,
  Softmax, Subtract, Swish, Tanh, type Layer,
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
