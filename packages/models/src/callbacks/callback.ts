/** Numbers logged per batch or epoch: loss, metrics, `val_` entries. */
export type Logs = Record<string, number>;

/** Training parameters given to callbacks. */
export interface TrainParams {
  epochs: number;
  /** Batches per epoch, or null when the data's length is unknown (a dataset of unknown size). */
  steps: number | null;
  /** Samples per epoch, or null when unknown. */
  samples: number | null;
  verbose: number;
  metrics: string[];
}

/** What callbacks see of the model being trained. */
export interface TrainableModel {
  stopTraining: boolean;
  getWeights(): import('@rectify/core').Tensor[];
  setWeights(weights: readonly import('@rectify/core').Tensor[]): void;
  optimizer: { learningRate: unknown; currentLearningRate: number } | null;
  save?(path: string): Promise<unknown>;
}

/**
 * The base of every callback, with the Keras hooks. Override the ones you need.
 * @example class Printer extends Callback { override async onEpochEnd(epoch: number, logs?: Logs) { console.log(epoch, logs?.loss); } }
 */
export class Callback {
  model: TrainableModel | null = null;
  params: TrainParams | null = null;
  setModel(model: TrainableModel): void {
    this.model = model;
  }
  setParams(params: TrainParams): void {
    this.params = params;
  }
  async onTrainBegin(_logs?: Logs): Promise<void> {}
  async onTrainEnd(_logs?: Logs): Promise<void> {}
  async onEpochBegin(_epoch: number, _logs?: Logs): Promise<void> {}
  async onEpochEnd(_epoch: number, _logs?: Logs): Promise<void> {}
  async onBatchBegin(_batch: number, _logs?: Logs): Promise<void> {}
  async onBatchEnd(_batch: number, _logs?: Logs): Promise<void> {}
}

const HOOKS = ['onTrainBegin', 'onTrainEnd', 'onEpochBegin', 'onEpochEnd', 'onBatchBegin', 'onBatchEnd'] as const;
type Hook = (typeof HOOKS)[number];

/**
 * A plain object with some of the callback hooks, as TF.js accepts: `{ onEpochEnd: (epoch, logs) => ... }`.
 * The hooks are typed as `Callback`'s (`logs` is optional, as in TF.js), so their parameters need no
 * annotations; they may return a promise.
 */
export interface CallbackHooks {
  onTrainBegin?: (logs?: Logs) => unknown;
  onTrainEnd?: (logs?: Logs) => unknown;
  onEpochBegin?: (epoch: number, logs?: Logs) => unknown;
  /** Called with the epoch's mean loss and metrics (and `val_` ones with validation data). */
  onEpochEnd?: (epoch: number, logs?: Logs) => unknown;
  onBatchBegin?: (batch: number, logs?: Logs) => unknown;
  /** Called with the batch's loss and metrics. */
  onBatchEnd?: (batch: number, logs?: Logs) => unknown;
  setModel?: never;
}

/** A Callback instance or a plain object of hooks. */
export type CallbackLike = Callback | CallbackHooks;

/** A Callback for a plain object of hooks (TF.js's `CustomCallback`); Callback instances pass through. */
export function toCallback(value: CallbackLike): Callback {
  if (value instanceof Callback) return value;
  if (!value || typeof value !== 'object') throw new Error(`fit: callbacks must be Callback objects or objects of hooks (${HOOKS.join(', ')}), got ${JSON.stringify(value)}`);
  const keys = Object.keys(value);
  const unknown = keys.filter((k) => !(HOOKS as readonly string[]).includes(k));
  if (unknown.length || keys.length === 0) {
    throw new Error(`fit: a callback object may only have the hooks ${HOOKS.join(', ')}, got ${keys.length ? keys.join(', ') : 'none'}`);
  }
  const hooks = value as Record<Hook, (...args: unknown[]) => unknown>;
  const callback = new Callback();
  const slots = callback as unknown as Record<Hook, (...args: unknown[]) => Promise<void>>;
  for (const hook of keys as Hook[]) {
    if (typeof hooks[hook] !== 'function') throw new Error(`fit: callback hook '${hook}' must be a function, got ${typeof hooks[hook]}`);
    slots[hook] = async (...args: unknown[]) => {
      await hooks[hook](...args);
    };
  }
  return callback;
}

/** Runs a list of callbacks in order. */
export class CallbackList {
  constructor(readonly callbacks: Callback[]) {}
  setModel(model: TrainableModel): void {
    for (const c of this.callbacks) c.setModel(model);
  }
  setParams(params: TrainParams): void {
    for (const c of this.callbacks) c.setParams(params);
  }
  async onTrainBegin(logs: Logs = {}): Promise<void> {
    for (const c of this.callbacks) await c.onTrainBegin(logs);
  }
  async onTrainEnd(logs: Logs = {}): Promise<void> {
    for (const c of this.callbacks) await c.onTrainEnd(logs);
  }
  async onEpochBegin(epoch: number, logs: Logs = {}): Promise<void> {
    for (const c of this.callbacks) await c.onEpochBegin(epoch, logs);
  }
  async onEpochEnd(epoch: number, logs: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onEpochEnd(epoch, logs);
  }
  async onBatchBegin(batch: number, logs: Logs = {}): Promise<void> {
    for (const c of this.callbacks) await c.onBatchBegin(batch, logs);
  }
  async onBatchEnd(batch: number, logs: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onBatchEnd(batch, logs);
  }
}
