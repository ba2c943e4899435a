import { Dense, ELU, GELU, LeakyReLU, PReLU, ReLU, Sequential, Sigmoid, Swish, type Layer } from '@rectify/rectify';
import type { ActivationName, TrainConfig } from './messages.js';

function activationLayer(name: ActivationName, index: number): Layer {
  const layerName = `act_${index + 1}`;
  switch (name) {
    case 'relu': return new ReLU({ name: layerName });
    case 'leakyRelu': return new LeakyReLU({ name: layerName });
    case 'prelu': return new PReLU({ name: layerName });
    case 'elu': return new ELU({ name: layerName });
    case 'swish': return new Swish({ name: layerName });
    case 'gelu': return new GELU({ name: layerName });
    case 'sigmoid': return new Sigmoid({ name: layerName });
  }
}

/** An MLP for 784 pixels: `depth` Dense layers of `width` units, each followed by its activation layer, then softmax over 10 digits. */
export function buildNetwork(config: TrainConfig): Sequential {
  const layers: Layer[] = [];
  for (let i = 0; i < config.depth; i++) {
    layers.push(new Dense({ units: config.width, kernelInitializer: config.initializer, name: `dense_${i + 1}`, ...(i === 0 ? { inputShape: [784] } : {}) }));
    layers.push(activationLayer(config.activation, i));
  }
  layers.push(new Dense({ units: 10, activation: 'softmax', name: 'digits', ...(config.depth === 0 ? { inputShape: [784] } : {}) }));
  return new Sequential({ layers, name: 'playground' });
}
