export { Sequential, type CompileArgs } from './sequential.js';
export { losses, getLoss, lossName, meanSquaredError, meanAbsoluteError, huber, binaryCrossentropy, categoricalCrossentropy, sparseCategoricalCrossentropy, type LossFn, type CrossentropyOptions } from './losses.js';
export { metrics, getMetric, accuracy, binaryAccuracy, categoricalAccuracy, sparseCategoricalAccuracy, mse, mae, type MetricFn } from './metrics.js';
export { formatSummary, formatBytes, type SummaryOptions, type SummarizableModel } from './summary.js';
export type { FitOptions, EvaluateOptions } from './training/loop.js';
export * from './callbacks/index.js';
export { activationStats, gradientStats, describeActivation, DeadUnitMonitor, GradientFlow, type ActivationStats, type GradientStats } from './diagnostics/index.js';
export { plot, activationCurve, lineChart, ticks, type ActivationLike, type Series, type ChartOptions } from './plot/index.js';
export { saveModel, loadModel, modelToArtifacts, modelFromArtifacts, type ModelArtifacts, type ModelJson, type WeightSpec, type SaveFs } from './io/index.js';
