import { Optimizer } from './optimizer.js';
import { SGD } from './sgd.js';
import { Adam, AdamW } from './adam.js';
import { RMSprop } from './rmsprop.js';

const FACTORIES = {
  sgd: () => new SGD(),
  adam: () => new Adam(),
  adamw: () => new AdamW(),
  rmsprop: () => new RMSprop(),
} satisfies Record<string, () => Optimizer>;

/** An optimizer name, lower case or as its class is spelt ('adam', 'Adam', 'RMSprop'). */
export type OptimizerName = keyof typeof FACTORIES | 'SGD' | 'Adam' | 'AdamW' | 'RMSprop';

/**
 * Resolves an optimizer name ('adam', 'sgd', 'adamw', 'rmsprop'; case-insensitive) with Keras defaults, or
 * passes an Optimizer through.
 * @example getOptimizer('adam')
 */
export function getOptimizer(optimizer: OptimizerName | Optimizer): Optimizer;
export function getOptimizer(optimizer: string | Optimizer): Optimizer;
export function getOptimizer(optimizer: string | Optimizer): Optimizer {
  if (optimizer instanceof Optimizer) return optimizer;
  if (typeof optimizer === 'string') {
    const key = optimizer.toLowerCase();
    if (Object.hasOwn(FACTORIES, key)) return FACTORIES[key as keyof typeof FACTORIES]();
  }
  throw new Error(`optimizer: unknown optimizer ${JSON.stringify(optimizer)}; valid names are ${Object.keys(FACTORIES).join(', ')} (or pass an Optimizer)`);
}
