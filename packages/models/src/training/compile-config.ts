import { Tensor, add, formatShape, mul, softmaxLogits } from '@rectify/core';
import type { Optimizer } from '@rectify/optim';
import type { OptimizerName } from '@rectify/optim';
import { applyLoss, getLoss, lossName, type LossFn, type LossName } from '../losses.js';
import { getMetric, type MetricFn, type MetricName } from '../metrics.js';

type LossLike = LossName | LossFn;
type MetricLike = MetricName | MetricFn;

/** Arguments of `compile`. */
export interface CompileArgs {
  /** An optimizer name (Keras defaults) or an optimizer object such as `new Adam({ learningRate: 0.01 })`. */
  optimizer: OptimizerName | Optimizer;
  /** One loss for every output, one per output (array), or per output name (record; omitted outputs get none). */
  loss: LossLike | Array<LossLike | null> | Record<string, LossLike>;
  /** Weight of each output's loss in the total: array in output order or record by output name. Default 1 each. */
  lossWeights?: number[] | Record<string, number>;
  /** A metric name (or function), a list applied to every output, a list per output, or a record by output name. */
  metrics?: MetricLike | MetricLike[] | MetricLike[][] | Record<string, MetricLike | MetricLike[]>;
}

/** What training needs per output: its loss, the loss's weight and its metrics, with the names logs use. */
export interface OutputTarget {
  output: string;
  loss: LossFn | null;
  weight: number;
  metrics: Array<[string, MetricFn]>;
}

const CROSSENTROPY = new Set(['categoricalCrossentropy', 'sparseCategoricalCrossentropy']);

function perOutput<T>(what: string, value: T[] | Record<string, T>, outputs: readonly string[]): Array<T | undefined> {
  if (Array.isArray(value)) {
    if (value.length !== outputs.length) throw new Error(`compile: ${what} has ${value.length} entries but the model has ${outputs.length} output(s) (${outputs.join(', ')})`);
    return value;
  }
  const unknown = Object.keys(value).filter((k) => !outputs.includes(k));
  if (unknown.length) throw new Error(`compile: ${what} names ${unknown.map((k) => `'${k}'`).join(', ')}, which are not outputs of the model; outputs are ${outputs.join(', ')}`);
  return outputs.map((o) => (Object.hasOwn(value, o) ? value[o] : undefined));
}

/** Resolves compile's loss, lossWeights and metrics into one target per output (names in output order). */
export function resolveTargets(args: CompileArgs, outputs: readonly string[]): OutputTarget[] {
  const lossSpec = args.loss;
  const losses = typeof lossSpec === 'string' || typeof lossSpec === 'function'
    ? outputs.map(() => lossSpec)
    : lossSpec && typeof lossSpec === 'object' ? perOutput('loss', lossSpec as Array<LossLike | null> | Record<string, LossLike>, outputs)
    : (() => { throw new Error(`compile: loss must be a name, a function, an array or a record, got ${JSON.stringify(lossSpec)}`); })();
  if (losses.every((l) => l === null || l === undefined)) throw new Error('compile: at least one output needs a loss');
  const weights = args.lossWeights === undefined ? outputs.map(() => 1) : perOutput('lossWeights', args.lossWeights, outputs).map((w) => w ?? 1);
  weights.forEach((w, i) => {
    if (typeof w !== 'number' || !Number.isFinite(w)) throw new Error(`compile: lossWeights for output '${outputs[i]}' must be a finite number, got ${JSON.stringify(w)}`);
  });
  const metricSpec = args.metrics ?? [];
  let metricLists: MetricLike[][];
  if (typeof metricSpec === 'string' || typeof metricSpec === 'function') metricLists = outputs.map(() => [metricSpec]);
  else if (Array.isArray(metricSpec) && metricSpec.some(Array.isArray)) metricLists = perOutput('metrics', metricSpec as MetricLike[][], outputs).map((m) => m ?? []);
  else if (Array.isArray(metricSpec)) metricLists = outputs.map(() => metricSpec as MetricLike[]);
  else if (metricSpec && typeof metricSpec === 'object') metricLists = perOutput('metrics', metricSpec as Record<string, MetricLike | MetricLike[]>, outputs).map((m) => (m === undefined ? [] : Array.isArray(m) ? m : [m]));
  else throw new Error(`compile: metrics must be a name, a list or a record by output name, got ${JSON.stringify(metricSpec)}`);
  const several = outputs.length > 1;
  return outputs.map((output, i) => ({
    output,
    loss: losses[i] === null || losses[i] === undefined ? null : getLoss(losses[i] as LossLike),
    weight: weights[i],
    metrics: metricLists[i].map((m) => {
      const [name, fn] = getMetric(m);
      return [several ? `${output}_${name}` : name, fn] as [string, MetricFn];
    }),
  }));
}

/**
 * One output's loss. A crossentropy on softmax probabilities starts from the softmax's logits (fused and
 * stable: log(softmax(z)) computed from z never takes log(0)).
 */
export function outputLoss(target: OutputTarget, yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor): Tensor {
  const loss = target.loss as LossFn;
  const name = lossName(loss);
  const logits = name !== undefined && CROSSENTROPY.has(name) ? softmaxLogits(yPred) : undefined;
  try {
    if (logits) return applyLoss(loss, yTrue, logits, { fromLogits: true, sampleWeight });
    return sampleWeight ? applyLoss(loss, yTrue, yPred, { sampleWeight }) : loss(yTrue, yPred);
  } catch (e) {
    throw new Error(`${(e as Error).message} (output '${target.output}': labels ${formatShape(yTrue.shape)}, predictions ${formatShape(yPred.shape)})`);
  }
}

/** The weighted total loss and each output's loss. */
export function totalLoss(targets: readonly OutputTarget[], ys: readonly Tensor[], predictions: readonly Tensor[], sampleWeight?: Tensor): { loss: Tensor; perOutput: Array<Tensor | null> } {
  const perOutput = targets.map((t, i) => (t.loss ? outputLoss(t, ys[i], predictions[i], sampleWeight) : null));
  let loss: Tensor | null = null;
  perOutput.forEach((l, i) => {
    if (!l) return;
    const weighted = targets[i].weight === 1 ? l : mul(l, targets[i].weight);
    loss = loss ? add(loss, weighted) : weighted;
  });
  return { loss: loss as unknown as Tensor, perOutput };
}
