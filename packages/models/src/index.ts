/**
 * Sequential and graph models: compile, fit, evaluate, predict; losses, metrics, callbacks, save and load in the TF.js format, diagnostics and plots.
 * @packageDocumentation
 * @module @rectify/models
 */
import { registerLayer, type LayerClass } from '@rectify/layers';
import { Model } from './model.js';
import { Sequential } from './sequential.js';

// Models are layers: the registry can rebuild them when they appear inside saved models
registerLayer(Model as unknown as LayerClass);
registerLayer(Sequential as unknown as LayerClass);

export { Model, model, type ModelArgs, type Batch, type LossResult } from './model.js';
export { Sequential, type SequentialArgs } from './sequential.js';
export type { CompileArgs, OutputTarget } from './training/compile-config.js';
export { losses, getLoss, lossName, meanSquaredError, meanAbsoluteError, huber, binaryCrossentropy, categoricalCrossentropy, sparseCategoricalCrossentropy, applyLoss, type LossFn, type LossName, type CrossentropyOptions, type HuberOptions } from './losses.js';
export { reduceWeighted, type LossOptions, type Reduction } from './loss-reduction.js';
export { metrics, getMetric, accuracy, binaryAccuracy, categoricalAccuracy, sparseCategoricalAccuracy, mse, mae, type MetricFn, type MetricName, type MonitorName } from './metrics.js';
export { formatSummary, formatBytes, type SummaryOptions, type SummarizableModel, type SummaryRow } from './summary.js';
export type { FitOptions, EvaluateOptions, PredictOptions } from './training/loop.js';
export { createDataAdapter, type DataAdapter, type DataAdapterOptions, type TrainingBatch, type DatasetLike } from './training/data-adapter.js';
export type { ClassWeight } from './training/class-weight.js';
export type { TensorStructure } from './training/tensor-structure.js';
export * from './callbacks/index.js';
export { activationStats, gradientStats, describeActivation, DeadUnitMonitor, GradientFlow, type ActivationStats, type GradientStats } from './diagnostics/index.js';
export { plot, activationCurve, lineChart, ticks, type ActivationLike, type Series, type ChartOptions } from './plot/index.js';
export { saveModel, loadModel, modelToArtifacts, modelFromArtifacts, type ModelArtifacts, type ModelJson, type WeightSpec, type SaveFs, type Quantization, type QuantizeDtype } from './io/index.js';
