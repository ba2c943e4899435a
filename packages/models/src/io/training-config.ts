import { Tensor } from '@rectify/core';
import { Adam, AdamW, RMSprop, SGD, type Optimizer } from '@rectify/optim';
import type { Model } from '../model.js';
import type { CompileArgs } from '../training/compile-config.js';
import { convertKeys, toCamel, type WeightSpec } from './format.js';
import { encodeWeights, namedWeights } from './weights.js';
import { fail } from './layer-config.js';

const OPTIMIZERS: Record<string, new (args: Record<string, unknown>) => Optimizer> = {
  Adam: Adam as never, AdamW: AdamW as never, SGD: SGD as never, RMSprop: RMSprop as never, RMSProp: RMSprop as never,
};

/** The name TF.js gives the optimizer's step counter in the weights manifest. */
const ITERATIONS = 'iter';

/** The compile settings as TF.js writes them (`trainingConfig`): loss, metrics, loss weights, optimizer. */
export function trainingConfig(model: Model): Record<string, unknown> | null {
  const c = model.compileConfig;
  if (!c || !model.optimizer) return null;
  const named = (v: unknown): unknown => (typeof v === 'function' ? ((v as { metricName?: string }).metricName ?? v.name) : Array.isArray(v) ? v.map(named) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, named(x)])) : v);
  const lr = model.optimizer.learningRate;
  if (typeof lr !== 'number') fail(`save: the optimizer's learning rate is a schedule, which the file format cannot hold; save without includeOptimizer`);
  return {
    loss: named(c.loss),
    metrics: named(c.metrics ?? []),
    loss_weights: c.lossWeights ?? null,
    optimizer_config: { class_name: model.optimizer.className, config: model.optimizer.getConfig() },
  };
}

/**
 * The compile settings a plain save writes (TF.js does too), so the loaded model evaluates and trains
 * without a new `compile`: null when the model is not compiled or the settings would not load back
 * (a custom loss or metric function, a learning-rate schedule).
 */
export function savableTrainingConfig(model: Model): Record<string, unknown> | null {
  const c = model.compileConfig;
  if (!c || !model.optimizer || typeof model.optimizer.learningRate !== 'number') return null;
  const allNames = (v: unknown): boolean => v === undefined || v === null || typeof v === 'string' || (Array.isArray(v) ? v.every(allNames) : typeof v === 'object' && Object.values(v).every(allNames));
  return allNames(c.loss) && allNames(c.metrics) ? trainingConfig(model) : null;
}

/** The optimizer's state as TF.js lays it out: `iter` (int32), then each slot for every weight (`<weight>/m`, ...). */
export function optimizerWeights(model: Model): { specs: WeightSpec[]; data: ArrayBuffer } {
  const optimizer = model.optimizer as Optimizer;
  const trainable = new Set(model.trainableWeights);
  const weights = namedWeights(model).filter(({ weight }) => trainable.has(weight));
  const state = optimizer.getState(weights.map((w) => w.weight));
  const slots = (state.length - 1) / Math.max(weights.length, 1);
  const slotNames = Object.keys(optimizerSlots(optimizer)).sort();
  if (weights.length > 0 && slots !== slotNames.length) fail(`save: ${optimizer.className} returned ${state.length} state tensors for ${weights.length} weights`);
  // getState is weight-major; the file is slot-major (all first moments, then all second moments)
  const entries: Array<{ name: string; weight: Tensor }> = [];
  slotNames.forEach((slot, s) => weights.forEach(({ name }, w) => entries.push({ name: `${name}/${slot}`, weight: state[1 + w * slotNames.length + s] })));
  const iter = new ArrayBuffer(4);
  new DataView(iter).setInt32(0, optimizer.iterations, true);
  const { specs, data } = encodeWeights(entries);
  const bytes = new Uint8Array(4 + data.byteLength);
  bytes.set(new Uint8Array(iter), 0);
  bytes.set(new Uint8Array(data), 4);
  return { specs: [{ name: ITERATIONS, shape: [], dtype: 'int32' as never, group: 'optimizer' } as WeightSpec, ...specs.map((s) => ({ ...s, group: 'optimizer' }))], data: bytes.buffer };
}

function optimizerSlots(optimizer: Optimizer): Record<string, unknown> {
  return (optimizer as unknown as { initState(size: number, dtype: string): Record<string, unknown> }).initState(0, 'float64');
}

/** Names of the manifest entries that hold optimizer state (so model weights are matched without them). */
export function optimizerEntryNames(specs: readonly WeightSpec[]): Set<string> {
  return new Set(specs.filter((s) => (s as { group?: string }).group === 'optimizer' || s.name === ITERATIONS).map((s) => s.name));
}

/** Restores `compile` from a file's training config, and the optimizer's state when the file holds it. */
export function restoreTraining(model: Model, config: unknown, read: (name: string) => Float32Array | undefined, stateNames: ReadonlySet<string>): void {
  if (!config || typeof config !== 'object') return;
  const c = config as Record<string, unknown>;
  const opt = c.optimizer_config as { class_name?: unknown; config?: unknown } | undefined;
  if (!opt || typeof opt !== 'object' || typeof opt.class_name !== 'string' || !Object.hasOwn(OPTIMIZERS, opt.class_name)) {
    fail(`training_config: unknown optimizer ${JSON.stringify(opt?.class_name)}; known: ${Object.keys(OPTIMIZERS).join(', ')}`);
  }
  const Cls = OPTIMIZERS[opt.class_name];
  const accepted = Object.keys(new Cls({}).getConfig());
  const given = convertKeys(opt.config ?? {}, toCamel) as Record<string, unknown>;
  const args = Object.fromEntries(Object.entries(given).filter(([k, v]) => accepted.includes(k) && v !== null));
  let optimizer: Optimizer;
  try {
    optimizer = new Cls(args);
  } catch (e) {
    fail(`training_config: ${(e as Error).message}`);
  }
  try {
    model.compile({ optimizer, loss: c.loss as CompileArgs['loss'], metrics: (c.metrics ?? undefined) as CompileArgs['metrics'], lossWeights: (c.loss_weights ?? undefined) as CompileArgs['lossWeights'] });
  } catch (e) {
    fail(`training_config: ${(e as Error).message}`);
  }
  if (stateNames.size === 0) return;
  const trainable = new Set(model.trainableWeights);
  const weights = namedWeights(model).filter(({ weight }) => trainable.has(weight));
  const slotNames = Object.keys(optimizerSlots(optimizer)).sort();
  const iter = read(ITERATIONS);
  if (!iter || iter.length !== 1) fail(`the optimizer state has no '${ITERATIONS}' counter`);
  const values: Tensor[] = [new Tensor(new Float32Array([iter[0]]), [])];
  for (const { name, weight } of weights) {
    for (const slot of slotNames) {
      const v = read(`${name}/${slot}`) ?? read(`${weight.name}/${slot}`);
      if (!v || v.length !== weight.size) fail(`the optimizer state lacks '${name}/${slot}' (or it has the wrong size)`);
      values.push(new Tensor(v, weight.shape));
    }
  }
  optimizer.setState(weights.map((w) => w.weight), values);
}
