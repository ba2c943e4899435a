import type { Tensor } from '@rectify/core';
import { Activation, BatchNormalization, ReLU, type Layer, type Node, type SymbolicTensor } from '@rectify/layers';
import type { Network } from './network.js';

// Inference-time fusion of a BatchNormalization with the ReLU that alone reads it (MobileNets have one
// after every convolution): one pass over the activation instead of two. Only where nothing can tell the
// difference: not in training, no observer reading every layer's output, no mask, no activity regularizer.

/** The cap of a layer that is a plain ReLU (null: uncapped), or undefined when it is not one. */
function reluCap(layer: Layer): number | null | undefined {
  if (layer instanceof ReLU) return layer.negativeSlope === 0 && layer.threshold === 0 ? layer.maxValue : undefined;
  if (layer instanceof Activation) return layer.activation === 'relu' ? null : layer.activation === 'relu6' ? 6 : undefined;
  return undefined;
}

/** For each BatchNormalization call whose one reader is a plain ReLU call, that ReLU call. */
export function fusableReluAfterNorm(network: Network): Map<Node, Node> {
  const readers = new Map<SymbolicTensor, Node[]>();
  for (const node of network.nodes) for (const s of node.inputs) readers.set(s, [...(readers.get(s) ?? []), node]);
  const pairs = new Map<Node, Node>();
  for (const node of network.nodes) {
    if (!(node.layer instanceof BatchNormalization) || node.outputs.length !== 1 || node.inputs.length !== 1) continue;
    const out = node.outputs[0];
    const next = readers.get(out);
    if (network.outputs.includes(out) || next?.length !== 1) continue;
    const relu = next[0];
    // an activity regularizer reads the layer's own output, which a fused pair never makes
    const penalized = node.layer.activityRegularizer !== null || relu.layer.activityRegularizer !== null;
    if (relu.inputs.length === 1 && !relu.inputIsList && !penalized && reluCap(relu.layer) !== undefined) pairs.set(node, relu);
  }
  return pairs;
}

/** The fused output of a BatchNormalization call and its ReLU, or null when the layer cannot fuse this input. */
export function runFused(norm: Node, relu: Node, x: Tensor): Tensor | null {
  return (norm.layer as BatchNormalization).inferenceWithRelu(x, reluCap(relu.layer) as number | null);
}
