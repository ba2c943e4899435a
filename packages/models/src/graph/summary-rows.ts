import { countText, shapeText, type SummaryRow } from '../summary.js';
import type { Network } from './network.js';

/** The summary rows of a graph: each layer with its output shape, parameters and incoming connections. */
export function graphSummaryRows(network: Network): SummaryRow[] {
  return network.layers.map((layer) => {
    const node = layer.inboundNodes.find((n) => network.nodes.includes(n)) ?? layer.inboundNodes.find((n) => n.outputs.some((o) => network.inputs.includes(o)));
    const outs = node?.outputs ?? [];
    return {
      layer: `${layer.name} (${layer.className})`,
      outputShape: outs.map((o) => shapeText(o.shape)).join(', '),
      params: countText(layer.countParams()),
      connectedTo: (node?.inputs ?? []).map((t) => `${t.sourceLayer.name}[${t.node.index}][${t.tensorIndex}]`),
    };
  });
}
