export { Layer, checkOptions, BASE_LAYER_KEYS, type LayerArgs, type CallOptions, type InputSpec, type AddWeightOptions } from './layer.js';
export { Parameter } from './parameter.js';
export { toSnakeCase, uniqueName } from './names.js';
export { initializers, getInitializer, varianceScaling, computeFans, type Initializer, type InitializerLike, type InitializerName } from './initializers.js';
