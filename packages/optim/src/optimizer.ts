import { Tensor, makeResident, checkNumber, checkOptions, describeValue, noGrad, findVariable, formatShape, gradientsOfVariables, shapesEqual, type DataArray, type DType } from '@rectify/core';

function checkParams(owner: string, params: unknown): void {
  if (!Array.isArray(params) || params.some((p) => !(p instanceof Tensor))) {
    throw new Error(`${owner}: expected an array of parameter tensors (e.g. model.trainableWeights), got ${describeValue(params)}`);
  }
}

/** A learning rate as a function of the step count (0-based). */
export type LearningRateSchedule = ((step: number) => number) & { getConfig?: () => Record<string, unknown> };

/** Options every optimizer accepts. */
export interface OptimizerArgs {
  learningRate?: number | LearningRateSchedule;
  /** Clip each parameter's gradient to this L2 norm. */
  clipNorm?: number;
  /** Clip each gradient element to [-clipValue, clipValue]. */
  clipValue?: number;
}

/** Per-parameter slots (Adam's m and v, momentum buffers, ...). */
export type OptimizerState = Record<string, DataArray>;

export const BASE_OPTIMIZER_KEYS = ['learningRate', 'clipNorm', 'clipValue'];

/** Rejects unknown option keys (the base keys are always valid), listing the valid ones: core's checkOptions. */
export function checkOptimizerOptions(name: string, options: object | undefined, known: readonly string[]): void {
  checkOptions(name, options, [...BASE_OPTIMIZER_KEYS, ...known]);
}

/** A learning rate: a finite number >= 0, or a schedule function. */
function checkLearningRate(owner: string, value: unknown): number | LearningRateSchedule {
  if (typeof value === 'function') return value as LearningRateSchedule;
  if (typeof value !== 'number') throw new Error(`${owner}: learningRate must be a finite number >= 0 or a schedule function, got ${describeValue(value)}`);
  return checkNumber(owner, 'learningRate', value, { min: 0 });
}

/**
 * The base of every optimizer: owns the update loop (under noGrad, in place over each parameter's typed
 * array), gradient clipping, the step counter and per-parameter state kept in a Map keyed by parameter.
 * Subclasses supply `initState` and `update`.
 */
export abstract class Optimizer {
  /** Registered name, e.g. 'Adam'. */
  abstract readonly className: string;
  private _learningRate: number | LearningRateSchedule;
  readonly clipNorm: number | undefined;
  readonly clipValue: number | undefined;
  /** Number of steps taken. */
  iterations = 0;
  protected readonly state = new Map<Tensor, OptimizerState>();

  constructor(name: string, args: OptimizerArgs, defaultLearningRate: number) {
    args ??= {};
    this._learningRate = checkLearningRate(name, args.learningRate ?? defaultLearningRate);
    // null is "no clipping", as in saved Keras configs
    this.clipNorm = args.clipNorm === undefined || args.clipNorm === null ? undefined : checkNumber(name, 'clipNorm', args.clipNorm, { greaterThan: 0 });
    this.clipValue = args.clipValue === undefined || args.clipValue === null ? undefined : checkNumber(name, 'clipValue', args.clipValue, { greaterThan: 0 });
  }

  /** The learning rate: a number or a schedule. */
  get learningRate(): number | LearningRateSchedule {
    return this._learningRate;
  }

  set learningRate(value: number | LearningRateSchedule) {
    this._learningRate = checkLearningRate(this.className, value);
  }

  /** The learning rate the next step will use; a schedule giving NaN, an infinity or a negative rate throws. */
  get currentLearningRate(): number {
    const lr = this._learningRate;
    if (typeof lr === 'number') return lr;
    const value = lr(this.iterations);
    if (typeof value !== 'number' || !(value >= 0) || value === Infinity) {
      throw new Error(`${this.className}: the learning-rate schedule gave ${describeValue(value)} at step ${this.iterations}; expected a finite number >= 0`);
    }
    return value;
  }

  /** Fresh slots for a parameter of `size` values of `dtype`. */
  protected abstract initState(size: number, dtype: DType): OptimizerState;

  /** Updates `p` in place from gradient `g`. `t` is the 1-based step number. */
  protected abstract update(p: DataArray, g: DataArray, state: OptimizerState, lr: number, t: number): void;

  /** Applies one update to every parameter that has a gradient (frozen parameters are skipped). */
  step(params: readonly Tensor[]): void {
    checkParams(`${this.className}.step`, params);
    const lr = this.currentLearningRate;
    this.iterations++;
    noGrad(() => {
      for (const p of params) {
        if (!p.grad || (p as { trainable?: boolean }).trainable === false) continue;
        if (p.grad.size !== p.size) throw new Error(`${this.className}.step: gradient of shape [${p.grad.shape.join(', ')}] does not match parameter of shape [${p.shape.join(', ')}]`);
        let state = this.state.get(p);
        if (!state) {
          makeResident(p); // from now on updated where the backend's kernels read it
          this.state.set(p, (state = this.initState(p.size, p.dtype)));
        }
        this.update(p.values, this.clipped(p.grad.values), state, lr, this.iterations);
      }
    });
  }

  private clipped(g: DataArray): DataArray {
    if (this.clipNorm === undefined && this.clipValue === undefined) return g;
    const out = g.slice();
    if (this.clipValue !== undefined) for (let i = 0; i < out.length; i++) out[i] = Math.min(this.clipValue, Math.max(-this.clipValue, out[i]));
    if (this.clipNorm !== undefined) {
      let sq = 0;
      for (let i = 0; i < out.length; i++) sq += out[i] * out[i];
      const norm = Math.sqrt(sq);
      if (norm > this.clipNorm) for (let i = 0; i < out.length; i++) out[i] *= this.clipNorm / norm;
    }
    return out;
  }

  /**
   * TF.js's `optimizer.minimize`: computes the scalar `f`, then applies one update to every trainable
   * variable it used (or to `varList`). Returns the cost when `returnCost` is true, else null.
   * @example const w = variable(tensor([3])); new SGD({ learningRate: 0.1 }).minimize(() => w.square().sum()); // w = [2.4]
   */
  minimize(f: () => Tensor, returnCost = false, varList?: Tensor[]): Tensor | null {
    const { value, variables, gradients } = gradientsOfVariables(`${this.className}.minimize`, f, varList);
    this.applyGradientList(variables, gradients);
    return returnCost ? value : null;
  }

  /**
   * TF.js's `optimizer.applyGradients`: one update from the given gradients, by variable name (what
   * `variableGrads` returns) or as a Map from variable to gradient. `.grad` fields are left as they were.
   */
  applyGradients(gradients: Record<string, Tensor> | Map<Tensor, Tensor>): void {
    const owner = `${this.className}.applyGradients`;
    const entries: Array<[unknown, unknown]> = gradients instanceof Map ? [...gradients.entries()] : gradients !== null && typeof gradients === 'object' ? Object.entries(gradients) : [];
    if (entries.length === 0) throw new Error(`${owner}: expected a record of gradients by variable name or a Map from variable to gradient, got ${describeValue(gradients)}`);
    const variables = entries.map(([key]) => {
      const v = typeof key === 'string' ? findVariable(key) : key;
      if (!(v instanceof Tensor)) throw new Error(`${owner}: no variable ${typeof key === 'string' ? `named '${key}'` : describeValue(key)}; name variables with variable(value, true, name) or pass a Map from variable to gradient`);
      return v;
    });
    const grads = entries.map(([key, g]) => {
      if (!(g instanceof Tensor)) throw new Error(`${owner}: the gradient for ${String(key)} must be a Tensor, got ${describeValue(g)}`);
      return g;
    });
    this.applyGradientList(variables, grads);
  }

  private applyGradientList(variables: readonly Tensor[], gradients: readonly Tensor[]): void {
    variables.forEach((v, i) => {
      if (!shapesEqual(v.shape, gradients[i].shape)) throw new Error(`${this.className}.applyGradients: a gradient of shape ${formatShape(gradients[i].shape)} for a variable of shape ${formatShape(v.shape)}`);
    });
    const saved = variables.map((v) => v.grad);
    variables.forEach((v, i) => (v.grad = gradients[i]));
    try {
      this.step(variables);
    } finally {
      variables.forEach((v, i) => (v.grad = saved[i]));
    }
  }

  /** Clears every parameter's gradient. */
  zeroGrad(params: readonly Tensor[]): void {
    checkParams(`${this.className}.zeroGrad`, params);
    for (const p of params) p.grad = null;
  }

  /** The state of the given parameters as plain tensors: iterations, then each parameter's slots in order. */
  getState(params: readonly Tensor[]): Tensor[] {
    checkParams(`${this.className}.getState`, params);
    const out = [new Tensor(new Float32Array([this.iterations]), [])];
    for (const p of params) {
      const state = this.state.get(p) ?? this.initState(p.size, 'float64'); // zeros to export: no backend slots
      for (const key of Object.keys(state).sort()) {
        // a copy by set(): slots may be views of a backend's shared memory, where slice() is slow
        const copy = state[key] instanceof Float64Array ? new Float64Array(p.size) : new Float32Array(p.size);
        copy.set(state[key]);
        out.push(new Tensor(copy, p.shape));
      }
    }
    return out;
  }

  /** Restores what `getState` returned, for the same parameters. */
  setState(params: readonly Tensor[], values: readonly Tensor[]): void {
    checkParams(`${this.className}.setState`, params);
    if (!Array.isArray(values) || values.some((v) => !(v instanceof Tensor))) throw new Error(`${this.className}.setState: expected an array of tensors (what getState returned), got ${describeValue(values)}`);
    const expected = 1 + params.reduce((n, p) => n + Object.keys(this.initState(0, 'float64')).length, 0); // counts the slot names
    if (values.length !== expected) throw new Error(`${this.className}.setState: expected ${expected} tensors, got ${values.length}`);
    if (values[0].size !== 1) throw new Error(`${this.className}.setState: the first tensor must hold the iteration count (one value), got shape [${values[0].shape.join(', ')}]`);
    this.iterations = checkNumber(`${this.className}.setState`, 'iterations', values[0].item(), { integer: true, min: 0 });
    let i = 1;
    for (const p of params) {
      const state = this.initState(p.size, p.dtype);
      for (const key of Object.keys(state).sort()) {
        const v = values[i++];
        if (v.size !== p.size) throw new Error(`${this.className}.setState: slot '${key}' has ${v.size} values, parameter has ${p.size}`);
        state[key].set(v.values);
      }
      this.state.set(p, state);
    }
  }

  /** Constructor options (Keras names, camelCase). */
  getConfig(): Record<string, unknown> {
    const lr = this._learningRate;
    return { learningRate: typeof lr === 'number' ? lr : (lr.getConfig?.() ?? lr(this.iterations)), clipNorm: this.clipNorm ?? null, clipValue: this.clipValue ?? null };
  }
}
