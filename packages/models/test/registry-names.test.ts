import { describe, expect, it } from 'vitest';
import { getLoss, getMetric, losses, metrics } from '../src/index.js';

describe('losses and metrics are found by every spelling Keras and TF.js write', () => {
  it('losses: camelCase, snake_case, Keras class names and short aliases', () => {
    for (const name of ['meanSquaredError', 'mean_squared_error', 'MeanSquaredError', 'mse']) expect(getLoss(name)).toBe(losses.meanSquaredError);
    expect(getLoss('SparseCategoricalCrossentropy')).toBe(losses.sparseCategoricalCrossentropy);
    expect(() => getLoss('constructor')).toThrow(/compile: unknown loss "constructor"; valid names are/);
  });

  it('metrics keep the given name for the logs', () => {
    expect(getMetric('sparse_categorical_accuracy')).toEqual(['sparse_categorical_accuracy', metrics.sparseCategoricalAccuracy]);
    expect(getMetric('acc')[1]).toBe(metrics.accuracy);
    expect(() => getMetric('toString')).toThrow(/compile: unknown metric "toString"/);
  });
});
