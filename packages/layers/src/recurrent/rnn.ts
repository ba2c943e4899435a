import type { ActivationName } from '../activations/get-activation.js';
import {
  Tensor, add, checkBoolean, isGradEnabled, checkNumber, checkSeed, describeValue, dropout, expandDims, formatShape, matmul, mul, ones,
  reshape, stack, transpose, where, zeros, type Shape,
} from '@rectify/core';
import { Layer, checkOptions, type CallOptions, type LayerArgs, type ShapeOrShapes } from '../layer.js';
import { deserializeInitializer, getInitializer, serializeInitializer, type InitializerLike } from '../initializers.js';
import type { Parameter } from '../parameter.js';
import type { ActivationFn } from '../activations/get-activation.js';
import { recurrentActivation } from './activation.js';
import { maskSteps, timeSteps } from './time-steps.js';
import { scalarActivation, type ScalarActivation } from './fused-steps.js';

/** Options every recurrent layer (SimpleRNN, LSTM, GRU) takes. */
export interface RecurrentArgs extends LayerArgs {
  /** Size of the state and of the output. */
  units: number;
  /** Activation of the candidate state and output. Default 'tanh'. */
  activation?: ActivationName;
  /** Add biases. Default true. */
  useBias?: boolean;
  /** Initializer of `kernel` (input to gates). Default 'glorotUniform'. */
  kernelInitializer?: InitializerLike;
  /** Initializer of `recurrent_kernel` (state to gates). Default 'orthogonal'. */
  recurrentInitializer?: InitializerLike;
  /** Default 'zeros'. */
  biasInitializer?: InitializerLike;
  /** Fraction of input features dropped in training (one mask for every step). Default 0. */
  dropout?: number;
  /** Fraction of the previous state dropped before the recurrent product in training (one mask per sequence). Default 0. */
  recurrentDropout?: number;
  /** Seed of the dropout masks. */
  seed?: number | null;
  /** Output every step's output [batch, time, units] instead of the last [batch, units]. Default false. */
  returnSequences?: boolean;
  /** Also output the final states: [output, ...states] (LSTM: h and c). Default false. */
  returnState?: boolean;
  /** Read the sequence from the end; with returnSequences the output is in reading order (reversed). Default false. */
  goBackwards?: boolean;
  /**
   * Carry the final states of a call over as the initial states of the next (sample i of one batch
   * continues sample i of the previous one); `resetStates()` starts again from zeros. Default false.
   */
  stateful?: boolean;
  /** Accepted for Keras configs; the loop always runs step by step, so it has no effect. */
  unroll?: boolean;
  /** Masked steps output zeros instead of repeating the previous output (Bidirectional sets it). Default false. */
  zeroOutputForMask?: boolean;
  /** Accepted for Keras configs (a kernel choice); no effect. */
  implementation?: number | null;
  /** Accepted for Keras 2 configs: false only (inputs are [batch, time, features]). */
  timeMajor?: boolean;
  /** Accepted for Keras 3 configs; no effect. */
  useCudnn?: boolean | string;
}

const RECURRENT_KEYS = [
  'units', 'activation', 'useBias', 'kernelInitializer', 'recurrentInitializer', 'biasInitializer', 'dropout', 'recurrentDropout',
  'seed', 'returnSequences', 'returnState', 'goBackwards', 'stateful', 'unroll', 'zeroOutputForMask', 'implementation', 'timeMajor', 'useCudnn',
];

/**
 * The base of SimpleRNN, LSTM and GRU (Keras 3 semantics and weight layouts): weights `kernel`
 * [features, gates x units], `recurrent_kernel` [units, gates x units] and `bias`. The input projection of
 * every step is one matmul over the whole sequence before the loop; each step then costs one matmul of the
 * state plus elementwise ops. Masks (from Embedding maskZero or Masking): a padded step leaves the states
 * unchanged and repeats the previous output. Initial states are given as extra inputs: `apply([x, ...states])`;
 * a stateful layer starts each call from the previous call's final states.
 */
export abstract class Recurrent extends Layer {
  readonly units: number;
  readonly activation: string;
  readonly useBias: boolean;
  readonly kernelInitializer: InitializerLike;
  readonly recurrentInitializer: InitializerLike;
  readonly biasInitializer: InitializerLike;
  readonly dropout: number;
  readonly recurrentDropout: number;
  readonly seed: number | undefined;
  readonly returnSequences: boolean;
  readonly returnState: boolean;
  readonly goBackwards: boolean;
  readonly stateful: boolean;
  readonly unroll: boolean;
  /** A stateful layer's states after its last call (values only: no gradient flows between calls). */
  private carried: Tensor[] | null = null;
  /** Masked steps output zeros (Keras's zero_output_for_mask); Bidirectional sets it to returnSequences. */
  zeroOutputForMask: boolean;
  protected readonly activationFn: ActivationFn;
  kernel!: Parameter;
  recurrentKernel!: Parameter;
  bias: Parameter | null = null;
  private calls = 0;
  /** For this call: one-pass (inference-only) forms of the activations, when gradients are off and they exist. */
  protected fused: { act: ScalarActivation; gate: ScalarActivation } | null = null;

  /** Number of gate blocks in the kernels (SimpleRNN 1, LSTM 4, GRU 3). */
  protected abstract readonly gates: number;
  /** Number of state tensors (LSTM 2: h and c; the others 1). */
  abstract readonly stateCount: number;

  protected constructor(owner: string, args: RecurrentArgs, extraKeys: readonly string[]) {
    checkOptions(owner, args, [...RECURRENT_KEYS, ...extraKeys]);
    if (!args) throw new Error(`${owner}: options are required, e.g. new ${owner}({ units: 32 }); got ${describeValue(args)}`);
    checkNumber(owner, 'units', args.units, { integer: true, min: 1 });
    const stateful = checkBoolean(owner, 'stateful', args.stateful, false);
    if (args.timeMajor === true) throw new Error(`${owner}: timeMajor inputs are not supported; give [batch, time, features]`);
    checkBoolean(owner, 'timeMajor', args.timeMajor, false);
    if (args.implementation !== undefined && args.implementation !== null && args.implementation !== 1 && args.implementation !== 2) {
      throw new Error(`${owner}: implementation must be 1 or 2 (a Keras kernel choice, with no effect here), got ${describeValue(args.implementation)}`);
    }
    if (args.useCudnn !== undefined && typeof args.useCudnn !== 'boolean' && args.useCudnn !== 'auto') {
      throw new Error(`${owner}: useCudnn must be true, false or 'auto', got ${describeValue(args.useCudnn)}`);
    }
    const dropoutRate = args.dropout === undefined ? 0 : checkNumber(owner, 'dropout', args.dropout, { min: 0, lessThan: 1 });
    const recurrentRate = args.recurrentDropout === undefined ? 0 : checkNumber(owner, 'recurrentDropout', args.recurrentDropout, { min: 0, lessThan: 1 });
    const seed = args.seed === null ? undefined : checkSeed(owner, args.seed);
    super(args);
    this.units = args.units;
    const act = recurrentActivation(`${owner} '${this.name}'`, args.activation ?? 'tanh');
    this.activation = act.name;
    this.activationFn = act.fn;
    this.useBias = checkBoolean(owner, 'useBias', args.useBias, true);
    this.kernelInitializer = deserializeInitializer(args.kernelInitializer ?? 'glorotUniform');
    this.recurrentInitializer = deserializeInitializer(args.recurrentInitializer ?? 'orthogonal');
    this.biasInitializer = deserializeInitializer(args.biasInitializer ?? 'zeros');
    for (const init of [this.kernelInitializer, this.recurrentInitializer, this.biasInitializer]) getInitializer(init);
    this.dropout = dropoutRate;
    this.recurrentDropout = recurrentRate;
    this.seed = seed;
    this.returnSequences = checkBoolean(owner, 'returnSequences', args.returnSequences, false);
    this.returnState = checkBoolean(owner, 'returnState', args.returnState, false);
    this.goBackwards = checkBoolean(owner, 'goBackwards', args.goBackwards, false);
    this.stateful = stateful;
    this.unroll = checkBoolean(owner, 'unroll', args.unroll, false);
    this.zeroOutputForMask = checkBoolean(owner, 'zeroOutputForMask', args.zeroOutputForMask, false);
    this.supportsMasking = true;
  }

  /** Shape of the bias weight (GRU with resetAfter keeps an input and a recurrent row). */
  protected biasShape(): number[] {
    return [this.gates * this.units];
  }

  /** The initializer of the bias weight (LSTM's unitForgetBias overrides it). */
  protected biasWeightInitializer(): InitializerLike {
    return this.biasInitializer;
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
    if (shape.length !== 3) throw new Error(`${this.className} '${this.name}': expected input of rank 3 (batch, time, features), got shape ${formatShape(shape)}`);
    const features = shape[2];
    const width = this.gates * this.units;
    this.kernel = this.addWeight('kernel', { shape: [features, width], initializer: this.kernelInitializer });
    this.recurrentKernel = this.addWeight('recurrent_kernel', { shape: [this.units, width], initializer: this.recurrentInitializer });
    if (this.useBias) this.bias = this.addWeight('bias', { shape: this.biasShape(), initializer: this.biasWeightInitializer() });
    this.inputSpec = { ndim: 3, axes: { [-1]: features } };
  }

  /** The bias added to the input projection (all of it, except GRU resetAfter's recurrent row). */
  protected inputBias(): Tensor | null {
    return this.bias;
  }

  /** Called once per sequence before the loop: slice weights that every step uses. */
  protected beginSequence(): void {}

  /** The gate activation's name (gated layers); SimpleRNN has none. */
  protected gateActivation(): string {
    return 'linear';
  }

  /**
   * One step: `xp` is this step's input projection x_t · kernel + input bias [batch, gates x units],
   * `states` the previous states (h first), `hRec` the previous h as the recurrent product sees it (after
   * recurrent dropout). Returns the new states; the output is the new h.
   */
  protected abstract step(xp: Tensor, states: Tensor[], hRec: Tensor): Tensor[];

  private splitInputs(inputs: Tensor | Tensor[]): { x: Tensor; initial: Tensor[] | null } {
    if (!Array.isArray(inputs)) return { x: inputs, initial: null };
    const [x, ...initial] = inputs;
    const what = `${this.className} '${this.name}'`;
    if (initial.length !== this.stateCount) {
      throw new Error(`${what}: expected [sequence, ${this.stateCount === 2 ? 'h, c' : 'h'}] (the sequence and ${this.stateCount} initial state${this.stateCount === 2 ? 's' : ''}), got ${inputs.length} tensors`);
    }
    this.checkInput(x.shape);
    initial.forEach((s, i) => {
      if (s.rank !== 2 || s.shape[0] !== x.shape[0] || s.shape[1] !== this.units) {
        throw new Error(`${what}: initial state ${i} must have shape [${x.shape[0]}, ${this.units}] (batch, units), got ${formatShape(s.shape)}`);
      }
    });
    return { x, initial };
  }

  private checkMask(mask: unknown, x: Tensor): asserts mask is Tensor {
    if (!(mask instanceof Tensor)) throw new Error(`${this.className} '${this.name}': the mask must be a [batch, time] tensor, got ${describeValue(mask)}`);
    if (mask.rank !== 2 || mask.shape[0] !== x.shape[0] || mask.shape[1] !== x.shape[1]) {
      throw new Error(`${this.className} '${this.name}': the mask must have shape [${x.shape[0]}, ${x.shape[1]}] (batch, time) for input ${formatShape(x.shape)}, got ${formatShape(mask.shape)}`);
    }
  }

  /** A stateful layer's carried states, checked against the batch size; null when there are none yet. */
  private carriedStates(batch: number): Tensor[] | null {
    if (!this.stateful || !this.carried) return null;
    if (this.carried[0].shape[0] !== batch) {
      throw new Error(`${this.className} '${this.name}' is stateful and holds states for batch size ${this.carried[0].shape[0]}, got a batch of ${batch}; every batch must have the same size (call resetStates() to start over)`);
    }
    return this.carried;
  }

  /**
   * The states a stateful layer carries into its next call: zeros (by default) or the given tensors
   * (`[h]`, LSTM `[h, c]`, each [batch, units]).
   * @example new LSTM({ units: 4, stateful: true }).resetStates() // the next call starts from zero states
   */
  resetStates(states?: Tensor[]): void {
    const what = `${this.className} '${this.name}'`;
    if (!this.stateful) throw new Error(`${what}: resetStates() needs a stateful layer (stateful: true)`);
    if (states === undefined) {
      this.carried = null;
      return;
    }
    if (!Array.isArray(states) || states.length !== this.stateCount || states.some((s) => !(s instanceof Tensor) || s.rank !== 2 || s.shape[1] !== this.units || s.shape[0] !== states[0].shape[0])) {
      throw new Error(`${what}: resetStates expected ${this.stateCount} tensor(s) of shape [batch, ${this.units}], got ${describeValue(states)}`);
    }
    this.carried = states.map((s) => s.detach());
  }

  /** A seeded layer draws new but reproducible dropout masks on every call. */
  private dropMask(shape: number[], rate: number, dtype: Tensor['dtype']): Tensor {
    const seed = this.seed === undefined ? undefined : this.seed + this.calls++;
    return dropout(ones(shape, { dtype }), rate, { seed });
  }

  call(inputs: Tensor | Tensor[], options: CallOptions = {}): Tensor | Tensor[] {
    const { x: input, initial } = this.splitInputs(inputs);
    const [batch, steps, features] = input.shape;
    if (steps === 0) throw new Error(`${this.className} '${this.name}': the sequence has no time steps (input shape ${formatShape(input.shape)})`);
    const mask = options.mask ?? null;
    if (mask) this.checkMask(mask, input);
    let x = input;
    const training = options.training === true;
    if (training && this.dropout > 0) x = mul(x, expandDims(this.dropMask([batch, features], this.dropout, x.dtype), 1));
    const recMask = training && this.recurrentDropout > 0 ? this.dropMask([batch, this.units], this.recurrentDropout, x.dtype) : null;
    // every step's input projection as one matmul, time-major so each step is a contiguous block
    const timeMajor = reshape(transpose(x, [1, 0, 2]), [steps * batch, features]);
    let projected = matmul(timeMajor, this.kernel);
    const bias = this.inputBias();
    if (bias) projected = add(projected, bias);
    let xs = timeSteps(reshape(projected, [steps, batch, this.gates * this.units]));
    if (this.goBackwards) xs = xs.reverse();
    const stepMasks = mask ? maskSteps(mask, this.goBackwards) : null;
    this.beginSequence();
    const act = scalarActivation(this.activation);
    const gate = scalarActivation(this.gateActivation());
    this.fused = !isGradEnabled() && act && gate ? { act, gate } : null;
    let states = initial ?? this.carriedStates(batch) ?? Array.from({ length: this.stateCount }, () => zeros([batch, this.units], { dtype: x.dtype }));
    let previous: Tensor = zeros([batch, this.units], { dtype: x.dtype });
    const outputs: Tensor[] = [];
    for (let t = 0; t < steps; t++) {
      const next = this.step(xs[t], states, recMask ? mul(states[0], recMask) : states[0]);
      const m = stepMasks?.[t] ?? null;
      let output = next[0];
      if (m) {
        // padded steps keep the states and repeat the previous output (Keras), or output zeros
        output = where(m, next[0], this.zeroOutputForMask ? 0 : previous);
        states = next.map((s, i) => where(m, s, states[i]));
      } else {
        states = next;
      }
      previous = output;
      if (this.returnSequences) outputs.push(output);
    }
    if (this.stateful) this.carried = states.map((s) => s.detach());
    const result = this.returnSequences ? stack(outputs, 1) : previous;
    return this.returnState ? [result, ...states] : result;
  }

  override computeOutputShape(inputShape: ShapeOrShapes): (number | null)[] | (number | null)[][] {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as (number | null)[];
    const output = this.returnSequences ? [shape[0], shape[1], this.units] : [shape[0], this.units];
    if (!this.returnState) return output;
    return [output, ...Array.from({ length: this.stateCount }, () => [shape[0], this.units])];
  }

  /** The sequence output keeps the mask (with returnSequences); the last output and the states have none. */
  override computeMask(_inputs: Tensor | Tensor[], mask: Tensor | null): Tensor | null | Array<Tensor | null> {
    const output = this.returnSequences ? mask : null;
    return this.returnState ? [output, ...Array.from({ length: this.stateCount }, () => null)] : output;
  }

  override getConfig(): Record<string, unknown> {
    const config: Record<string, unknown> = {
      ...super.getConfig(),
      units: this.units,
      activation: this.activation,
      useBias: this.useBias,
      kernelInitializer: serializeInitializer(this.kernelInitializer),
      recurrentInitializer: serializeInitializer(this.recurrentInitializer),
      biasInitializer: serializeInitializer(this.biasInitializer),
      dropout: this.dropout,
      recurrentDropout: this.recurrentDropout,
      returnSequences: this.returnSequences,
      returnState: this.returnState,
      goBackwards: this.goBackwards,
      stateful: this.stateful,
      unroll: this.unroll,
    };
    if (this.seed !== undefined) config.seed = this.seed;
    if (this.zeroOutputForMask) config.zeroOutputForMask = true;
    return config;
  }
}

/** Options of the gated layers (LSTM, GRU). */
export interface GatedArgs extends RecurrentArgs {
  /**
   * Activation of the gates. Default 'sigmoid' (Keras 3). 'hardSigmoid' is Keras 3's relu6(x + 3) / 6;
   * 'legacyHardSigmoid' is TF.js's default, clip(0.2 x + 0.5, 0, 1).
   */
  recurrentActivation?: ActivationName;
}

/** LSTM and GRU: a recurrent layer with gates. */
export abstract class Gated extends Recurrent {
  readonly recurrentActivation: string;
  protected readonly gateFn: ActivationFn;

  protected constructor(owner: string, args: GatedArgs, extraKeys: readonly string[]) {
    super(owner, args, ['recurrentActivation', ...extraKeys]);
    const gate = recurrentActivation(`${owner} '${this.name}'`, args.recurrentActivation ?? 'sigmoid');
    this.recurrentActivation = gate.name;
    this.gateFn = gate.fn;
  }

  protected override gateActivation(): string {
    return this.recurrentActivation;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), recurrentActivation: this.recurrentActivation };
  }
}
