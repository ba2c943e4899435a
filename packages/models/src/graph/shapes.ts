import type { SymbolicShape, SymbolicTensor } from '@rectify/layers';
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
