import { formatShape, type Tensor } from '@rectify/core';
import { formatSymbolicShape, type SymbolicShape, type SymbolicTensor } from '@rectify/layers';
import type { Network } from './network.js';

/** The output shapes of a graph for given input shapes, through each layer's computeOutputShape. */
export function inferOutputShapes(network: Network, inputShapes: readonly SymbolicShape[]): (number | null)[][] {
  const shapes = new Map<SymbolicTensor, SymbolicShape>();
  network.inputs.forEach((t, i) => shapes.set(t, inputShapes[i]));
  for (const node of network.nodes) {
    const ins = node.inputs.map((t) => shapes.get(t) as SymbolicShape);
    const out = node.layer.computeOutputShape(node.inputIsList ? ins : ins[0]);
    const list = out.length > 0 && Array.isArray(out[0]) ? (out as (number | null)[][]) : [out as (number | null)[]];
    node.outputs.forEach((t, i) => shapes.set(t, list[i]));
  }
  return network.outputs.map((t) => (shapes.get(t) as SymbolicShape).slice());
}

/**
 * Checks data against a graph's inputs (null axes take any size), naming the model, the input and both
 * shapes; one sample without its batch axis gets a hint to add it.
 */
export function checkInputShapes(op: string, model: string, inputs: readonly SymbolicTensor[], xs: readonly Tensor[]): void {
  xs.forEach((x, i) => {
    const want = inputs[i].shape;
    const fits = x.rank === want.length && want.every((d, j) => d === null || d === x.shape[j]);
    if (fits) return;
    const name = inputs.length > 1 ? ` input '${inputs[i].sourceLayer.name}'` : '';
    const sample = want.slice(1);
    const unbatched = x.rank === sample.length && sample.every((d, j) => d === null || d === x.shape[j]);
    const hint = unbatched ? `; it looks like one sample without the batch axis: add one with x.reshape([1, ${x.shape.join(', ')}])` : '';
    throw new Error(`${op}: model '${model}'${name} expects samples of shape ${formatSymbolicShape(sample)}, got input ${formatShape(x.shape)}${hint}`);
  });
}
