import { describeValue, type DType } from '@rectify/core';
import { Layer } from '../layer.js';

/** A layer given as an instance, or as data ({ className, config }) as configs carry it. */
export type LayerOrConfig = Layer | { className: string; config: Record<string, unknown> };

let deserialize: ((serialized: { className: string; config: Record<string, unknown> }) => Layer) | null = null;

/** Installed by the registry: lets wrapper layers rebuild the layer inside them from its config. */
export function setNestedLayerDeserializer(fn: (serialized: { className: string; config: Record<string, unknown> }) => Layer): void {
  deserialize = fn;
}

/** The config form of a layer option. */
export function asConfig(owner: string, option: string, value: unknown): { className: string; config: Record<string, unknown> } {
  if (value instanceof Layer) return { className: value.className, config: value.getConfig() };
  const v = value as { className?: unknown; config?: unknown } | null;
  if (v && typeof v === 'object' && typeof v.className === 'string' && v.config && typeof v.config === 'object') {
    return { className: v.className, config: { ...(v.config as Record<string, unknown>) } };
  }
  throw new Error(`${owner}: ${option} must be a layer (e.g. new LSTM({ units: 8 })) or { className, config }, got ${describeValue(value)}`);
}

/** A layer option as a layer: the instance itself, or one built from its config. */
export function asLayer(owner: string, option: string, value: unknown): Layer {
  if (value instanceof Layer) return value;
  const { className, config } = asConfig(owner, option, value);
  if (!deserialize) throw new Error(`${owner}: cannot rebuild ${option} '${className}' from its config: no layer registry is loaded`);
  return deserialize({ className, config });
}

/** Gives a wrapped layer the wrapper's dtype before it makes its weights (the wrapper's dtype decides). */
export function matchDtype(inner: Layer, dtype: DType): void {
  if (!inner.built && inner.dtype !== dtype) (inner as { dtype: DType }).dtype = dtype;
}

/** Prefixes a wrapped layer's weight names with the wrapper's name, as TF.js and Keras save them. */
export function scopeWeights(inner: Layer, scope: string, dropInnerName = false): void {
  for (const w of inner.weights) {
    if (w.name.startsWith(`${scope}/`)) continue;
    const own = dropInnerName && w.name.startsWith(`${inner.name}/`) ? w.name.slice(inner.name.length + 1) : w.name;
    w.name = `${scope}/${own}`;
  }
}
