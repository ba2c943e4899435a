import type { Tensor } from '@rectify/core';
import { Activation, BatchNormalization, Conv2D, MaxPooling2D, ReLU, type Layer, type Node, type SymbolicTensor } from '@rectify/layers';
import type { Network } from './network.js';

// Layer pairs run as one op where nothing can tell the difference: no observer reading every layer's
// output, no mask, no activity regularizer (it reads a layer's own output, which a fused pair never makes).
// - At inference, a BatchNormalization with the ReLU that alone reads it (MobileNets have one after every
//   convolution): one pass over the activation instead of two.
// - Always, a ReLU Conv2D with the MaxPooling2D that alone reads it (conv2dReluMaxPool): the convolution's
//   output, four times the pooled one, is never handed back, forward or backward.

/** The cap of a layer that is a plain ReLU (null: uncapped), or undefined when it is not one. */
function reluCap(layer: Layer): number | null | undefined {
  if (layer instanceof ReLU) return layer.negativeSlope === 0 && layer.threshold === 0 ? layer.maxValue : undefined;
  if (layer instanceof Activation) return layer.activation === 'relu' ? null : layer.activation === 'relu6' ? 6 : undefined;
  return undefined;
}

/** Each single-output layer call's one reader, when it has exactly one and its output is not the network's. */
function soleReaders(network: Network): Map<Node, Node> {
  const readers = new Map<SymbolicTensor, Node[]>();
  for (const node of network.nodes) for (const s of node.inputs) readers.set(s, [...(readers.get(s) ?? []), node]);
  const sole = new Map<Node, Node>();
  for (const node of network.nodes) {
    if (node.outputs.length !== 1 || node.inputs.length !== 1 || network.outputs.includes(node.outputs[0])) continue;
    const next = readers.get(node.outputs[0]);
    if (next?.length === 1 && next[0].inputs.length === 1 && !next[0].inputIsList) sole.set(node, next[0]);
  }
  return sole;
}

/** For each Conv2D call whose one reader is a MaxPooling2D call, that call (conv2dReluMaxPool decides the rest). */
export function fusablePoolAfterConv(network: Network): Map<Node, Node> {
  const pairs = new Map<Node, Node>();
  for (const [node, next] of soleReaders(network)) if (node.layer instanceof Conv2D && next.layer instanceof MaxPooling2D) pairs.set(node, next);
  return pairs;
}

/** A Conv2D and the MaxPooling2D after it run on x as one op, or null when they cannot fuse (either is not one). */
export function convThenMaxPool(conv: Layer, pool: Layer | undefined, x: Tensor): Tensor | null {
  return conv instanceof Conv2D && pool instanceof MaxPooling2D ? conv.applyWithMaxPool(x, pool) : null;
}

/** For each BatchNormalization call whose one reader is a plain ReLU call, that ReLU call. */
export function fusableReluAfterNorm(network: Network): Map<Node, Node> {
  const pairs = new Map<Node, Node>();
  for (const [node, relu] of soleReaders(network)) {
    if (!(node.layer instanceof BatchNormalization)) continue;
    const penalized = node.layer.activityRegularizer !== null || relu.layer.activityRegularizer !== null;
    if (!penalized && reluCap(relu.layer) !== undefined) pairs.set(node, relu);
  }
  return pairs;
}

/** The fused output of a BatchNormalization call and its ReLU, or null when the layer cannot fuse this input. */
export function runFused(norm: Node, relu: Node, x: Tensor): Tensor | null {
  return (norm.layer as BatchNormalization).inferenceWithRelu(x, reluCap(relu.layer) as number | null);
}
