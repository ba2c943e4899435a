import { Optimizer } from './optimizer.js';
import { SGD } from './sgd.js';
import { Adam, AdamW } from './adam.js';
import { RMSprop } from './rmsprop.js';

const FACTORIES: Record<string, () => Optimizer> = {
  sgd: () => new SGD(),
  adam: () => new Adam(),
  adamw: () => new AdamW(),
  rmsprop: () => new RMSprop(),
};

/**
 * Resolves an optimizer name ('adam', 'sgd', 'adamw', 'rmsprop'; case-insensitive) with Keras defaults, or
 * passes an Optimizer through.
 * @example getOptimizer('adam')
 */
export function getOptimizer(optimizer: string | Optimizer): Optimizer {
  if (optimizer instanceof Optimizer) return optimizer;
  if (typeof optimizer === 'string') {
    const key = optimizer.toLowerCase();
    if (Object.hasOwn(FACTORIES, key)) return FACTORIES[key]();
  }
  throw new Error(`optimizer: unknown optimizer ${JSON.stringify(optimizer)}; valid names are ${Object.keys(FACTORIES).join(', ')} (or pass an Optimizer)`);
}
