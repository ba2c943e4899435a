import { InputLayer, SymbolicTensor, formatSymbolicShape, type Layer, type Node } from '@rectify/layers';

/** A graph model's structure: its nodes in an order that runs every call after the calls it depends on. */
export interface Network {
  inputs: SymbolicTensor[];
  outputs: SymbolicTensor[];
  /** The layer calls to run, in dependency order (input layers excluded). */
  nodes: Node[];
  /** Every layer once, input layers first, in order of first use (Keras's `model.layers`). */
  layers: Layer[];
}

function fail(model: string, what: string): never {
  throw new Error(`Model '${model}': ${what}`);
}

function asList(model: string, what: string, value: unknown): SymbolicTensor[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) fail(model, `${what} must not be empty`);
  list.forEach((t, i) => {
    if (!(t instanceof SymbolicTensor)) fail(model, `${what}[${i}] must be a symbolic tensor (from input() or layer.apply(symbolic)), got ${t === null ? 'null' : typeof t === 'object' ? t.constructor?.name : typeof t}`);
  });
  return list as SymbolicTensor[];
}

/**
 * Walks back from the outputs to the inputs and checks the graph: every input is an `input()`, used once;
 * every output is reachable from the inputs (naming the layer that needs a missing input); layer names
 * are unique.
 */
export function buildNetwork(model: string, inputsArg: unknown, outputsArg: unknown): Network {
  const inputs = asList(model, 'inputs', inputsArg);
  const outputs = asList(model, 'outputs', outputsArg);
  inputs.forEach((t, i) => {
    if (!(t.sourceLayer instanceof InputLayer)) fail(model, `inputs[${i}] comes from layer '${t.sourceLayer.name}' (${t.sourceLayer.className}); a model's inputs must be made by input()`);
    if (inputs.indexOf(t) !== i) fail(model, `the input '${t.sourceLayer.name}' is given twice in inputs`);
  });
  const known = new Set(inputs);
  const order: Node[] = [];
  const state = new Map<Node, 'visiting' | 'done'>();
  // iterative depth-first walk: deep graphs would overflow the stack with recursion
  for (const out of outputs) {
    const stack: Array<[Node, number, SymbolicTensor]> = [];
    const visit = (t: SymbolicTensor, from: string) => {
      if (known.has(t)) return;
      const node = t.node;
      if (node.layer instanceof InputLayer) {
        fail(model, `graph disconnected: ${from} needs the input '${node.layer.name}' ${formatSymbolicShape(t.shape)}, which is not in the model's inputs (${inputs.map((i) => `'${i.sourceLayer.name}'`).join(', ')})`);
      }
      if (state.get(node) === 'done') return;
      if (state.get(node) === 'visiting') fail(model, `the graph has a cycle through layer '${node.layer.name}'`);
      state.set(node, 'visiting');
      stack.push([node, 0, t]);
    };
    visit(out, `the output '${out.sourceLayer.name}'`);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const [node, next] = top;
      if (next < node.inputs.length) {
        top[1]++;
        visit(node.inputs[next], `layer '${node.layer.name}' (${node.layer.className})`);
      } else {
        stack.pop();
        state.set(node, 'done');
        order.push(node);
      }
    }
  }
  const layers: Layer[] = inputs.map((t) => t.sourceLayer);
  for (const node of order) if (!layers.includes(node.layer)) layers.push(node.layer);
  const names = new Map<string, Layer>();
  for (const layer of layers) {
    const other = names.get(layer.name);
    if (other && other !== layer) fail(model, `two layers are named '${layer.name}' (${other.className} and ${layer.className}); layer names must be unique within a model`);
    names.set(layer.name, layer);
  }
  return { inputs, outputs, nodes: order, layers };
}
