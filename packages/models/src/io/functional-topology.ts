import { InputLayer, getLayerClass, type Layer, type Node, type SymbolicTensor } from '@rectify/layers';
import type { Model } from '../model.js';
import { fail } from './layer-config.js';

type LayerFromEntry = (entry: unknown, where: string) => Layer;
type Ref = [string, number, number];

// In files TF.js and Keras 2 write, a nested model's first call is its node 1 (node 0 is the model's own
// graph); Keras 3 numbers it 0. Rectify writes the TF.js way and reads both.
const nestedOffset = (layer: Layer) => ('inputNames' in layer && !(layer instanceof InputLayer) ? 1 : 0);

/** The calls of `layer` that belong to `model`'s graph, in order (their positions are the node indices). */
function modelNodes(model: Model, layer: Layer): Node[] {
  const nodes = new Set(model.graphNodes());
  return layer.inboundNodes.filter((n) => nodes.has(n) || (layer instanceof InputLayer && n === layer.inboundNodes[0]));
}

function refOf(model: Model, t: SymbolicTensor): Ref {
  const layer = t.sourceLayer;
  return [layer.name, modelNodes(model, layer).indexOf(t.node) + nestedOffset(layer), t.tensorIndex];
}

/** The Keras config of a graph model: its layers with their inbound nodes (Keras 2 form), inputs and outputs. */
export function functionalConfig(model: Model, layerToJson: (layer: Layer) => { class_name: string; config: Record<string, unknown> }): Record<string, unknown> {
  const layers = model.layers.map((layer) => {
    const json = layerToJson(layer);
    const inbound = layer instanceof InputLayer ? [] : modelNodes(model, layer).map((node) => node.inputs.map((t) => [...refOf(model, t), {}]));
    return { class_name: json.class_name, config: json.config, name: layer.name, inbound_nodes: inbound };
  });
  return {
    name: model.name,
    trainable: model.trainable,
    layers,
    input_layers: model.inputs.map((t) => refOf(model, t)),
    output_layers: model.outputs.map((t) => refOf(model, t)),
  };
}

/** A `[layer, node, tensor]` reference in either form: a Keras 2 list or a Keras 3 `__keras_tensor__`. */
function parseRef(value: unknown, where: string): Ref {
  if (Array.isArray(value) && typeof value[0] === 'string' && Number.isInteger(value[1]) && Number.isInteger(value[2])) return [value[0], value[1], value[2]];
  const v = value as { class_name?: unknown; config?: { keras_history?: unknown } } | null;
  if (v && typeof v === 'object' && v.class_name === '__keras_tensor__') return parseRef(v.config?.keras_history, where);
  fail(`${where}: expected a tensor reference [layer, node, tensor] or a __keras_tensor__, got ${JSON.stringify(value)?.slice(0, 120)}`);
}

/** The inputs of one inbound node: the references and whether the layer was called on a list. */
function parseNode(node: unknown, where: string): { refs: Ref[]; isList: boolean } {
  if (node && typeof node === 'object' && !Array.isArray(node) && 'args' in node) {
    // Keras 3: { args: [tensor] } or { args: [[t1, t2]] } (merge layers take one list argument)
    const args = (node as { args: unknown }).args;
    if (!Array.isArray(args) || args.length === 0) fail(`${where}: inbound node has no args`);
    const first = args[0];
    if (Array.isArray(first) && first.length > 0 && typeof first[0] !== 'string') return { refs: first.map((t) => parseRef(t, where)), isList: true };
    return { refs: [parseRef(first, where)], isList: false };
  }
  if (!Array.isArray(node) || node.length === 0) fail(`${where}: inbound node must be a non-empty list, got ${JSON.stringify(node)?.slice(0, 120)}`);
  const refs = node.map((t) => parseRef(t, where));
  return { refs, isList: refs.length > 1 };
}

/** The layer list of `input_layers`/`output_layers`: Keras 3 writes a single input unnested. */
function parseRefList(value: unknown, what: string): Ref[] {
  if (!Array.isArray(value) || value.length === 0) fail(`the graph model's ${what} must be a non-empty list`);
  if (typeof value[0] === 'string') return [parseRef(value, what)];
  return value.map((v) => parseRef(v, what));
}

/**
 * Rebuilds a graph model from its Keras config: creates every layer, then replays the recorded calls
 * in dependency order (a call waits until the tensors it needs exist), then picks the inputs and outputs.
 */
export function functionalFromConfig(config: Record<string, unknown>, where: string, fromEntry: LayerFromEntry): Model {
  const entries = config.layers;
  if (!Array.isArray(entries) || entries.length === 0) fail(`${where}: the graph model has no layers`);
  const byName = new Map<string, Layer>();
  const pending: Array<{ layer: Layer; calls: Array<{ refs: Ref[]; isList: boolean }> }> = [];
  (entries as Array<Record<string, unknown>>).forEach((entry, i) => {
    const at = `${where === 'the model' ? '' : `${where} > `}layer ${i}`;
    const layer = fromEntry(entry, at);
    if (typeof entry.name === 'string' && entry.name !== layer.name) fail(`${at}: the entry is named '${entry.name}' but its config names '${layer.name}'`);
    if (byName.has(layer.name)) fail(`${at}: two layers are named '${layer.name}'; layer names must be unique within a model`);
    byName.set(layer.name, layer);
    const inbound = entry.inbound_nodes ?? [];
    if (!Array.isArray(inbound)) fail(`${at} ('${layer.name}'): inbound_nodes must be a list`);
    pending.push({ layer, calls: inbound.map((n) => parseNode(n, `${at} ('${layer.name}')`)) });
  });
  // saved node index -> the symbolic outputs of that call, per layer
  const outputs = new Map<Layer, SymbolicTensor[][]>();
  for (const layer of byName.values()) if (layer instanceof InputLayer) outputs.set(layer, [[layer.symbolic]]);
  const offsets = new Map<Layer, number>();
  const resolve = (ref: Ref, at: string): SymbolicTensor | undefined => {
    const layer = byName.get(ref[0]);
    if (!layer) fail(`${at}: refers to layer '${ref[0]}', which is not in the model`);
    const calls = outputs.get(layer) ?? [];
    const offset = layer instanceof InputLayer ? 0 : (offsets.get(layer) ?? 0);
    const t = calls[ref[1] - offset]?.[ref[2]];
    return t;
  };
  // a nested model referenced as node n with only n calls recorded uses the 1-based (TF.js) numbering
  const allRefs = pending.flatMap(({ calls }) => calls.flatMap((c) => c.refs)).concat(parseRefList(config.output_layers, 'output_layers'));
  for (const { layer, calls } of pending) {
    if (!nestedOffset(layer)) continue;
    if (allRefs.some((r) => r[0] === layer.name && r[1] >= calls.length)) offsets.set(layer, 1);
  }
  let remaining = pending.flatMap(({ layer, calls }) => calls.map((call, k) => ({ layer, call, k })));
  const done = new Set<string>();
  while (remaining.length > 0) {
    const next: typeof remaining = [];
    for (const item of remaining) {
      const at = `layer '${item.layer.name}' node ${item.k}`;
      // calls of one layer happen in order
      if (item.k > 0 && !done.has(`${item.layer.name}#${item.k - 1}`)) { next.push(item); continue; }
      const inputs = item.call.refs.map((r) => resolve(r, at));
      if (inputs.some((t) => t === undefined)) { next.push(item); continue; }
      const out = item.layer.apply(item.call.isList ? (inputs as SymbolicTensor[]) : (inputs[0] as SymbolicTensor));
      const list = outputs.get(item.layer) ?? [];
      list.push(Array.isArray(out) ? out : [out]);
      outputs.set(item.layer, list);
      done.add(`${item.layer.name}#${item.k}`);
    }
    if (next.length === remaining.length) {
      const stuck = next[0];
      fail(`${where}: layer '${stuck.layer.name}' needs ${stuck.call.refs.map((r) => `${r[0]}[${r[1]}][${r[2]}]`).join(', ')}, which no layer in the file produces`);
    }
    remaining = next;
  }
  const pick = (what: string) => parseRefList(config[what], what).map((r) => resolve(r, what) ?? fail(`${where}: ${what} refers to ${r[0]}[${r[1]}][${r[2]}], which does not exist`));
  const ModelClass = getLayerClass('Functional') as unknown as new (args: { inputs: SymbolicTensor[]; outputs: SymbolicTensor[]; name?: string; trainable?: boolean }) => Model;
  const name = typeof config.name === 'string' ? config.name : undefined;
  try {
    return new ModelClass({ inputs: pick('input_layers'), outputs: pick('output_layers'), name, trainable: config.trainable === false ? false : undefined });
  } catch (e) {
    fail((e as Error).message);
  }
}
