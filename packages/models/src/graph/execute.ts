import type { Tensor } from '@rectify/core';
import type { CallOptions, Layer, Node, SymbolicTensor } from '@rectify/layers';
import { convThenMaxPool, fusablePoolAfterConv, fusableReluAfterNorm, runFused } from './fusion.js';

/** Sees each layer call's outputs as the graph runs (diagnostics use it to read every layer's output). */
export type GraphObserver = (layer: Layer, outputs: readonly Tensor[]) => void;
import type { Network } from './network.js';

// The fusable pairs of each network, found once (a network's structure never changes)
const fusablePairs = new WeakMap<Network, { norm: Map<Node, Node>; pool: Map<Node, Node> }>();

/**
 * Runs a graph on real tensors: feeds `inputs` (one per graph input, in order) through every recorded layer
 * call in dependency order and returns the outputs. Masks produced by layers (Embedding with maskZero,
 * Masking) travel with the tensors to the layers after them.
 */
export function executeNetwork(network: Network, inputs: readonly Tensor[], options: CallOptions = {}, observe?: GraphObserver): Tensor[] {
  const values = new Map<SymbolicTensor, Tensor>();
  const masks = new Map<SymbolicTensor, Tensor | null>();
  // the caller checked the inputs' shapes against the graph (Model.checkInputs)
  network.inputs.forEach((sym, i) => {
    values.set(sym, inputs[i]);
    masks.set(sym, options.mask ?? null);
  });
  // layer pairs that run as one op (see fusion.ts): a BatchNormalization and the ReLU that alone reads it
  // at inference, a ReLU Conv2D and the MaxPooling2D that alone reads it always; never for an observer
  let pairs: { norm: Map<Node, Node>; pool: Map<Node, Node> } | undefined;
  if (!observe) {
    pairs = fusablePairs.get(network);
    if (!pairs) fusablePairs.set(network, (pairs = { norm: fusableReluAfterNorm(network), pool: fusablePoolAfterConv(network) }));
  }
  const done = new Set<Node>();
  for (const node of network.nodes) {
    if (done.has(node)) continue;
    const args = node.inputs.map((s) => values.get(s) as Tensor);
    const inMasks = node.inputs.map((s) => masks.get(s) ?? null);
    const mask = inMasks.find((m) => m !== null) ?? null;
    const x = node.inputIsList ? args : args[0];
    const relu = mask === null && !options.training ? pairs?.norm.get(node) : undefined;
    const pool = mask === null ? pairs?.pool.get(node) : undefined;
    const partner = relu ?? pool;
    const fused = relu ? runFused(node, relu, args[0]) : pool ? convThenMaxPool(node.layer, pool.layer, args[0]) : null;
    if (partner && fused) {
      values.set(partner.outputs[0], fused);
      masks.set(partner.outputs[0], null);
      done.add(partner);
      continue;
    }
    const result = node.layer.apply(x, { training: options.training, mask });
    const outs = Array.isArray(result) ? result : [result];
    if (outs.length !== node.outputs.length) {
      throw new Error(`${node.layer.className} '${node.layer.name}' returned ${outs.length} outputs but its graph call recorded ${node.outputs.length}`);
    }
    observe?.(node.layer, outs);
    const outMask = node.layer.computeMask(x, mask);
    node.outputs.forEach((sym, i) => {
      values.set(sym, outs[i]);
      masks.set(sym, Array.isArray(outMask) ? (outMask[i] ?? null) : outMask);
    });
  }
  return network.outputs.map((s) => values.get(s) as Tensor);
}
