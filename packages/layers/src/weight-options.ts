import { deserializeInitializer, getInitializer, serializeInitializer, type InitializerLike } from './initializers.js';
import { getRegularizer, serializeRegularizer, type Regularizer, type RegularizerLike } from './regularizers.js';
import { getConstraint, serializeConstraint, type Constraint, type ConstraintLike } from './constraints.js';
import type { AddWeightOptions } from './layer.js';

// A weight option family `<prefix>Initializer`, `<prefix>Regularizer`, `<prefix>Constraint` (Keras's
// kernel_initializer, kernel_regularizer, kernel_constraint): read, checked and written back in one place.

/** How one weight of a layer is initialized, penalized and constrained. */
export interface WeightSettings {
  initializer: InitializerLike;
  regularizer: Regularizer | null;
  constraint: Constraint | null;
}

/** The option keys of weight families: weightOptionKeys('kernel', 'bias') -> kernelInitializer, ... */
export function weightOptionKeys(...prefixes: string[]): string[] {
  return prefixes.flatMap((p) => [`${p}Initializer`, `${p}Regularizer`, `${p}Constraint`]);
}

/** The checked settings of the `prefix` family in a layer's options (unknown names fail here, at construction). */
export function readWeightSettings(owner: string, args: object, prefix: string, defaultInitializer: InitializerLike): WeightSettings {
  const a = args as Record<string, unknown>;
  const initializer = (a[`${prefix}Initializer`] ?? defaultInitializer) as InitializerLike;
  getInitializer(initializer);
  return {
    initializer,
    regularizer: getRegularizer(a[`${prefix}Regularizer`] as RegularizerLike | null | undefined, `${owner}: ${prefix}Regularizer`),
    constraint: getConstraint(a[`${prefix}Constraint`] as ConstraintLike | null | undefined, `${owner}: ${prefix}Constraint`),
  };
}

/** The `addWeight` options of a weight with these settings. */
export function weightOptions(shape: readonly number[], s: WeightSettings): AddWeightOptions {
  return { shape, initializer: s.initializer, regularizer: s.regularizer, constraint: s.constraint };
}

/** The settings as config entries (regularizer and constraint only when set, so plain configs stay as before). */
export function weightSettingsConfig(prefix: string, s: WeightSettings): Record<string, unknown> {
  const out: Record<string, unknown> = { [`${prefix}Initializer`]: serializeInitializer(s.initializer) };
  if (s.regularizer) out[`${prefix}Regularizer`] = serializeRegularizer(s.regularizer);
  if (s.constraint) out[`${prefix}Constraint`] = serializeConstraint(s.constraint);
  return out;
}

/** What kind of weight option a config key is, by its suffix (the one rule the registry and the file loader share). */
export function weightOptionKind(key: string): 'initializer' | 'regularizer' | 'constraint' | null {
  if (key.endsWith('Initializer')) return 'initializer';
  if (key.endsWith('Regularizer')) return 'regularizer';
  if (key.endsWith('Constraint')) return 'constraint';
  return null;
}

/** A config value of a weight option turned back into what the layer constructor takes. */
export function deserializeWeightOption(key: string, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  return weightOptionKind(key) === 'initializer' ? deserializeInitializer(value) : value;
}
