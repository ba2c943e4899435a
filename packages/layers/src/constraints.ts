import { Tensor, checkOptionalNumber, checkOptions, clip, describeValue, div, mul, relu, sqrt, sum, square, add } from '@rectify/core';
import { Registry } from './named-registry.js';

/** A projection applied to a weight after every optimizer step (Keras `kernelConstraint` and friends). */
export interface Constraint {
  /** Keras class name: 'MaxNorm', 'NonNeg', 'UnitNorm', 'MinMaxNorm'. */
  readonly className: string;
  /** The constrained value of `w` (computed without gradients). */
  apply(w: Tensor): Tensor;
  getConfig(): Record<string, unknown>;
}

/** A constraint, its name ('nonNeg') or `{ className, config }`. */
export type ConstraintLike = Constraint | string | { className: string; config?: Record<string, unknown> };

// Keras computes norms over `axis` (default 0: for a Dense kernel [in, out], the weights into each unit).
function norms(w: Tensor, axis: number | number[]): Tensor {
  return sqrt(sum(square(w), axis, true));
}

function axisOf(owner: string, v: unknown): number | number[] {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (Array.isArray(v) && v.every((a) => Number.isInteger(a))) return v.slice() as number[];
  throw new Error(`${owner}: axis must be an integer or a list of them, got ${describeValue(v)}`);
}

const EPSILON = 1e-7; // Keras's backend epsilon, keeps a zero column from dividing by zero

/** Constraint factories, Keras semantics. */
export const constraints = {
  /** Rescales each slice along `axis` whose L2 norm exceeds maxValue (default 2) down to it. */
  maxNorm: (config: { maxValue?: number; axis?: number | number[] } = {}): Constraint => {
    checkOptions('MaxNorm constraint', config, ['maxValue', 'axis']);
    const maxValue = checkOptionalNumber('MaxNorm constraint', 'maxValue', config?.maxValue, 2, { min: 0 });
    const axis = axisOf('MaxNorm constraint', config?.axis);
    return {
      className: 'MaxNorm',
      apply: (w) => {
        const n = norms(w, axis);
        return mul(w, div(clip(n, 0, maxValue), add(n, EPSILON)));
      },
      getConfig: () => ({ maxValue, axis }),
    };
  },
  /** Sets negative weights to zero. */
  nonNeg: (config: Record<string, never> = {}): Constraint => {
    checkOptions('NonNeg constraint', config, []);
    return { className: 'NonNeg', apply: (w) => relu(w), getConfig: () => ({}) };
  },
  /** Scales each slice along `axis` to unit L2 norm. */
  unitNorm: (config: { axis?: number | number[] } = {}): Constraint => {
    checkOptions('UnitNorm constraint', config, ['axis']);
    const axis = axisOf('UnitNorm constraint', config?.axis);
    return { className: 'UnitNorm', apply: (w) => div(w, add(norms(w, axis), EPSILON)), getConfig: () => ({ axis }) };
  },
  /** Moves each slice's norm n towards [minValue, maxValue]: n' = rate * clip(n) + (1 - rate) * n. */
  minMaxNorm: (config: { minValue?: number; maxValue?: number; rate?: number; axis?: number | number[] } = {}): Constraint => {
    const owner = 'MinMaxNorm constraint';
    checkOptions(owner, config, ['minValue', 'maxValue', 'rate', 'axis']);
    const minValue = checkOptionalNumber(owner, 'minValue', config?.minValue, 0, { min: 0 });
    const maxValue = checkOptionalNumber(owner, 'maxValue', config?.maxValue, 1, { min: minValue });
    const rate = checkOptionalNumber(owner, 'rate', config?.rate, 1, { min: 0, max: 1 });
    const axis = axisOf(owner, config?.axis);
    return {
      className: 'MinMaxNorm',
      apply: (w) => {
        const n = norms(w, axis);
        const desired = add(mul(clip(n, minValue, maxValue), rate), mul(n, 1 - rate));
        return mul(w, div(desired, add(n, EPSILON)));
      },
      getConfig: () => ({ minValue, maxValue, rate, axis }),
    };
  },
};

/** Constraints by name: 'maxNorm', 'max_norm', 'MaxNorm', ... */
export const constraintRegistry = new Registry<(config?: Record<string, unknown>) => Constraint>('constraint');
for (const [name, factory] of Object.entries(constraints)) constraintRegistry.register(name, factory as never);

/** Resolves a constraint option (null and undefined mean none). */
export function getConstraint(value: ConstraintLike | null | undefined, owner = 'constraint'): Constraint | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return constraintRegistry.get(value, owner)();
  if (typeof value === 'object' && typeof (value as Constraint).apply === 'function') return value as Constraint;
  if (typeof value === 'object' && typeof (value as { className?: unknown }).className === 'string') {
    const { className, config } = value as { className: string; config?: Record<string, unknown> };
    return constraintRegistry.get(className, owner)(config ?? {});
  }
  throw new Error(`${owner}: expected a constraint (constraints.maxNorm(...), 'nonNeg' or { className, config }), got ${describeValue(value)}`);
}

/** A config-safe form: `{ className, config }`. */
export function serializeConstraint(c: Constraint | null): { className: string; config: Record<string, unknown> } | null {
  return c ? { className: c.className, config: c.getConfig() } : null;
}
