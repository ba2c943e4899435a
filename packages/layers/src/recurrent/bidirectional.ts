import { Tensor, add, checkChoice, concat, describeValue, div, mul, reverse, type Shape } from '@rectify/core';
import { Layer, checkOptions, type CallOptions, type LayerArgs, type ShapeOrShapes } from '../layer.js';
import { Recurrent } from './rnn.js';
import { asConfig, asLayer, matchDtype, scopeWeights, type LayerOrConfig } from './nested.js';

/** How Bidirectional combines the two directions; null returns both. */
export type MergeMode = 'concat' | 'sum' | 'mul' | 'ave' | null;

export interface BidirectionalArgs extends LayerArgs {
  /** The recurrent layer to run both ways; it is copied from its config (its own weights are not used). */
  layer: LayerOrConfig;
  /** Default 'concat' (along the last axis); null outputs [forward, backward]. */
  mergeMode?: MergeMode;
  /** A different layer for the backward direction (goBackwards must differ from layer's). Default: a copy of layer reading backwards. */
  backwardLayer?: LayerOrConfig;
}

/** Whether `back` is `forward` reading the other way and nothing else (names aside). */
function isMirror(forward: Recurrent, back: Recurrent): boolean {
  const strip = (layer: Recurrent) => {
    const { name: _n, goBackwards: _g, zeroOutputForMask: _z, ...rest } = layer.getConfig();
    return JSON.stringify(rest);
  };
  return forward.className === back.className && strip(forward) === strip(back);
}

const withoutPrefix = (name: string, prefix: string) => (name.startsWith(prefix) ? name.slice(prefix.length) : name);

/**
 * Runs a recurrent layer forwards and a copy backwards over the sequence and merges the two outputs
 * (Keras 3 semantics): with returnSequences the backward outputs are flipped back into time order, and
 * masked steps output zeros. Initial states: apply([x, ...forwardStates, ...backwardStates]).
 * Weights: the forward layer's, then the backward layer's, saved as `<name>/forward_<layer>/kernel`.
 * Keras name: Bidirectional.
 * @example new Bidirectional({ layer: new LSTM({ units: 16 }), mergeMode: 'concat' })
 */
export class Bidirectional extends Layer {
  static override className = 'Bidirectional';
  /** null is a meaningful mergeMode, so a config's null must reach the constructor. */
  static nullableOptions = ['mergeMode'];
  readonly forwardLayer: Recurrent;
  readonly backwardLayer: Recurrent;
  readonly mergeMode: MergeMode;
  readonly returnSequences: boolean;
  readonly returnState: boolean;
  private readonly customBackward: boolean;

  constructor(args: BidirectionalArgs) {
    checkOptions('Bidirectional', args, ['layer', 'mergeMode', 'backwardLayer']);
    if (!args) throw new Error(`Bidirectional: options are required, e.g. new Bidirectional({ layer: new LSTM({ units: 8 }) }); got ${describeValue(args)}`);
    const mergeMode = args.mergeMode === null ? null : checkChoice('Bidirectional', 'mergeMode', args.mergeMode, ['concat', 'sum', 'mul', 'ave'], 'concat');
    const layerConfig = asConfig('Bidirectional', 'layer', args.layer);
    // the wrapped layer's input shape is the wrapper's (first layer of a Sequential model)
    const { batchInputShape, inputShape, ...inner } = layerConfig.config as Record<string, unknown>;
    const shape = batchInputShape ?? (Array.isArray(inputShape) ? [null, ...inputShape] : undefined);
    super(shape && !args.inputShape && !args.batchInputShape ? { ...args, batchInputShape: shape as (number | null)[] } : args);
    const name = String(inner.name ?? layerConfig.className.toLowerCase());
    const forward = asLayer('Bidirectional', 'layer', { className: layerConfig.className, config: { ...inner, name: `forward_${withoutPrefix(name, 'forward_')}` } });
    if (!(forward instanceof Recurrent)) throw new Error(`Bidirectional: layer must be a recurrent layer (SimpleRNN, LSTM, GRU), got ${forward.className}`);
    let backward: Layer;
    if (args.backwardLayer !== undefined && args.backwardLayer !== null) {
      backward = asLayer('Bidirectional', 'backwardLayer', args.backwardLayer);
      if (!(backward instanceof Recurrent)) throw new Error(`Bidirectional: backwardLayer must be a recurrent layer (SimpleRNN, LSTM, GRU), got ${backward.className}`);
      if (backward.built) throw new Error(`Bidirectional: backwardLayer '${backward.name}' is already built; give a fresh layer`);
    } else {
      backward = asLayer('Bidirectional', 'layer', { className: layerConfig.className, config: { ...inner, goBackwards: !forward.goBackwards, name: `backward_${withoutPrefix(name, 'backward_')}` } });
    }
    const back = backward as Recurrent;
    if (back.goBackwards === forward.goBackwards) throw new Error(`Bidirectional: the backward layer must read the other way: both have goBackwards ${forward.goBackwards}`);
    for (const key of ['returnSequences', 'returnState', 'stateful', 'className'] as const) {
      if (back[key] !== forward[key]) throw new Error(`Bidirectional: the forward and backward layers must have the same ${key}, got ${String(forward[key])} and ${String(back[key])}`);
    }
    if (back.units !== forward.units && mergeMode !== 'concat' && mergeMode !== null) {
      throw new Error(`Bidirectional: mergeMode '${mergeMode}' needs both directions to have the same units, got ${forward.units} and ${back.units}`);
    }
    this.forwardLayer = this.trackLayer(forward);
    this.backwardLayer = this.trackLayer(back);
    // Keras 3 writes backward_layer even when it is the plain mirror of layer; only a real difference counts
    this.customBackward = args.backwardLayer !== undefined && args.backwardLayer !== null && !isMirror(forward, back);
    this.mergeMode = mergeMode;
    this.returnSequences = forward.returnSequences;
    this.returnState = forward.returnState;
    forward.zeroOutputForMask = this.returnSequences;
    back.zeroOutputForMask = this.returnSequences;
    this.supportsMasking = true;
  }

  override build(inputShape: Shape | Shape[]): void {
    for (const layer of [this.forwardLayer, this.backwardLayer]) {
      matchDtype(layer, this.dtype);
      layer.build(Array.isArray(inputShape[0]) ? (inputShape as Shape[])[0] : inputShape);
      scopeWeights(layer, this.name);
    }
  }

  call(inputs: Tensor | Tensor[], options: CallOptions = {}): Tensor | Tensor[] {
    let fwdIn: Tensor | Tensor[] = inputs;
    let bwdIn: Tensor | Tensor[] = inputs;
    if (Array.isArray(inputs)) {
      const [x, ...states] = inputs;
      const n = this.forwardLayer.stateCount;
      if (states.length !== 2 * n) throw new Error(`Bidirectional '${this.name}': expected [sequence, ...${n} forward states, ...${n} backward states], got ${inputs.length} tensors`);
      fwdIn = [x, ...states.slice(0, n)];
      bwdIn = [x, ...states.slice(n)];
    }
    const inner = { training: options.training, mask: options.mask ?? null };
    const fwd = this.forwardLayer.apply(fwdIn, inner);
    const bwd = this.backwardLayer.apply(bwdIn, inner);
    let y = Array.isArray(fwd) ? fwd[0] : fwd;
    let yRev = Array.isArray(bwd) ? bwd[0] : bwd;
    const states = this.returnState ? [...(fwd as Tensor[]).slice(1), ...(bwd as Tensor[]).slice(1)] : [];
    if (this.returnSequences) yRev = reverse(yRev, 1);
    const merged = this.merge(y, yRev);
    return this.returnState || Array.isArray(merged) ? [...(Array.isArray(merged) ? merged : [merged]), ...states] : merged;
  }

  /** Resets both directions of a stateful layer (see `Recurrent.resetStates`): forward states first, then backward. */
  resetStates(states?: Tensor[]): void {
    const n = this.forwardLayer.stateCount;
    this.forwardLayer.resetStates(states?.slice(0, n));
    this.backwardLayer.resetStates(states?.slice(n));
  }

  private merge(y: Tensor, yRev: Tensor): Tensor | Tensor[] {
    switch (this.mergeMode) {
      case 'concat': return concat([y, yRev], -1);
      case 'sum': return add(y, yRev);
      case 'mul': return mul(y, yRev);
      case 'ave': return div(add(y, yRev), 2);
      default: return [y, yRev];
    }
  }

  override computeOutputShape(inputShape: ShapeOrShapes): (number | null)[] | (number | null)[][] {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as (number | null)[];
    const fwd = this.forwardLayer.computeOutputShape(shape);
    const bwd = this.backwardLayer.computeOutputShape(shape);
    const fOut = (this.returnState ? fwd[0] : fwd) as (number | null)[];
    const bOut = (this.returnState ? bwd[0] : bwd) as (number | null)[];
    const states = this.returnState ? [...(fwd as (number | null)[][]).slice(1), ...(bwd as (number | null)[][]).slice(1)] : [];
    const last = fOut.length - 1;
    const outputs = this.mergeMode === null ? [fOut, bOut] : [this.mergeMode === 'concat' ? [...fOut.slice(0, last), fOut[last]! + bOut[last]!] : fOut];
    const all = [...outputs, ...states];
    return all.length === 1 ? all[0] : all;
  }

  /** With returnSequences the outputs keep the input mask; final outputs and states have none. */
  override computeMask(_inputs: Tensor | Tensor[], mask: Tensor | null): Tensor | null | Array<Tensor | null> {
    const output = this.returnSequences ? mask : null;
    const outputs = this.mergeMode === null ? [output, output] : [output];
    const states = this.returnState ? new Array<null>(2 * this.forwardLayer.stateCount).fill(null) : [];
    const all = [...outputs, ...states];
    return all.length === 1 ? all[0] : all;
  }

  override getConfig(): Record<string, unknown> {
    // zeroOutputForMask is this wrapper's doing, not part of the wrapped layer's description
    const { zeroOutputForMask: _forced, ...config } = this.forwardLayer.getConfig();
    const layer = { className: this.forwardLayer.className, config: { ...config, name: withoutPrefix(String(config.name), 'forward_') } };
    const out: Record<string, unknown> = { ...super.getConfig(), layer, mergeMode: this.mergeMode };
    if (this.customBackward) {
      const { zeroOutputForMask: _also, ...backward } = this.backwardLayer.getConfig();
      out.backwardLayer = { className: this.backwardLayer.className, config: backward };
    }
    return out;
  }
}

