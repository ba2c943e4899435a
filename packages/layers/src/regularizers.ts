import { Tensor, abs, checkOptionalNumber, checkOptions, describeValue, mul, square, sum, add } from '@rectify/core';
import { Registry } from './named-registry.js';

/** A weight (or activity) penalty added to the training loss: Keras `kernelRegularizer` and friends. */
export interface Regularizer {
  /** Keras class name: 'L1', 'L2' or 'L1L2'. */
  readonly className: string;
  /** The penalty of `x` as a scalar tensor (differentiable in x). */
  apply(x: Tensor): Tensor;
  getConfig(): Record<string, number>;
}

/** A regularizer, its name ('l2', with Keras's default factor) or `{ className, config }`. */
export type RegularizerLike = Regularizer | string | { className: string; config?: Record<string, unknown> };

function l1l2Of(className: string, l1: number, l2: number): Regularizer {
  return {
    className,
    apply: (x) => {
      let penalty: Tensor | null = null;
      if (l1 !== 0) penalty = mul(sum(abs(x)), l1);
      if (l2 !== 0) penalty = penalty ? add(penalty, mul(sum(square(x)), l2)) : mul(sum(square(x)), l2);
      return penalty ?? mul(sum(x), 0);
    },
    getConfig: (): Record<string, number> => (className === 'L1' ? { l1 } : className === 'L2' ? { l2 } : { l1, l2 }),
  };
}

const factor = (owner: string, name: string, v: unknown, fallback: number) => checkOptionalNumber(owner, name, v as number | undefined, fallback, { min: 0 });

/** Regularizer factories (Keras defaults: l1 = 0.01, l2 = 0.01; l1l2 defaults to no penalty). */
export const regularizers = {
  /** l1 * sum(|x|). */
  l1: (config: { l1?: number } = {}): Regularizer => {
    checkOptions('L1 regularizer', config, ['l1']);
    return l1l2Of('L1', factor('L1 regularizer', 'l1', config?.l1, 0.01), 0);
  },
  /** l2 * sum(x^2) (no factor 1/2, as Keras). */
  l2: (config: { l2?: number } = {}): Regularizer => {
    checkOptions('L2 regularizer', config, ['l2']);
    return l1l2Of('L2', 0, factor('L2 regularizer', 'l2', config?.l2, 0.01));
  },
  /** l1 * sum(|x|) + l2 * sum(x^2). */
  l1l2: (config: { l1?: number; l2?: number } = {}): Regularizer => {
    checkOptions('L1L2 regularizer', config, ['l1', 'l2']);
    return l1l2Of('L1L2', factor('L1L2 regularizer', 'l1', config?.l1, 0), factor('L1L2 regularizer', 'l2', config?.l2, 0));
  },
};

/** Regularizers by name: 'l2', 'L2', 'l1_l2', 'L1L2'. */
export const regularizerRegistry = new Registry<(config?: Record<string, unknown>) => Regularizer>('regularizer');
regularizerRegistry.register('l1', regularizers.l1 as never);
regularizerRegistry.register('l2', regularizers.l2 as never);
regularizerRegistry.register('l1l2', regularizers.l1l2 as never, ['l1_l2']);

/** Resolves a regularizer option (null and undefined mean none). */
export function getRegularizer(value: RegularizerLike | null | undefined, owner = 'regularizer'): Regularizer | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return regularizerRegistry.get(value, owner)();
  if (typeof value === 'object' && typeof (value as Regularizer).apply === 'function') return value as Regularizer;
  if (typeof value === 'object' && typeof (value as { className?: unknown }).className === 'string') {
    const { className, config } = value as { className: string; config?: Record<string, unknown> };
    return regularizerRegistry.get(className, owner)(config ?? {});
  }
  throw new Error(`${owner}: expected a regularizer (regularizers.l2(...), 'l2' or { className, config }), got ${describeValue(value)}`);
}

/** A config-safe form: `{ className, config }`. */
export function serializeRegularizer(r: Regularizer | null): { className: string; config: Record<string, number> } | null {
  return r ? { className: r.className, config: r.getConfig() } : null;
}
