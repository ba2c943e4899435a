import { camelToSnake, snakeToCamel } from '@rectify/core';
import { deserializeWeightOption, weightOptionKind } from '@rectify/layers';
import { convertKeys } from './format.js';

// Initializers, regularizers and constraints between Keras JSON (`{ class_name, config }`, snake_case) and
// Rectify's options (`{ className, config }`, camelCase).

/** Keras JSON of an initializer, regularizer or constraint: `{ class_name, config }` with snake_case keys. */
export function weightOptionOut(key: string, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return { class_name: value.charAt(0).toUpperCase() + value.slice(1), config: {} };
  const v = value as { className: string; config: Record<string, unknown> };
  // TF.js knows only the L1L2 class; Keras reads it too
  if (weightOptionKind(key) === 'regularizer') return { class_name: 'L1L2', config: { l1: v.config.l1 ?? 0, l2: v.config.l2 ?? 0 } };
  return { class_name: v.className, config: convertKeys(v.config, camelToSnake) };
}

/** A Keras `{ class_name, config }` as Rectify's `{ className, config }` (camelCase keys); other values as they are. */
export function weightOptionIn(value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const v = value as { class_name?: unknown; config?: unknown };
  if (typeof v.class_name !== 'string') return value;
  const config = convertKeys(v.config ?? {}, snakeToCamel) as Record<string, unknown>;
  for (const k of Object.keys(config)) if (config[k] === null || k === 'module' || k === 'registeredName') delete config[k];
  return { className: v.class_name, config };
}

/**
 * A weight option read from a file. Regularizers and constraints change training, so an unknown one is
 * refused; an unknown initializer only matters for weights the file overwrites anyway, so it is dropped.
 */
export function readWeightOption(key: string, value: unknown): unknown {
  const option = weightOptionIn(value);
  if (weightOptionKind(key) !== 'initializer') return option;
  try {
    return deserializeWeightOption(key, option);
  } catch {
    return undefined;
  }
}
