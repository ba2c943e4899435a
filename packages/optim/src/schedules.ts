import { checkBoolean, checkNumber, checkOptionalNumber, checkOptions, describeValue } from '@rectify/core';
import type { LearningRateSchedule } from './optimizer.js';

function schedule(className: string, config: Record<string, unknown>, fn: (step: number) => number): LearningRateSchedule {
  return Object.assign(fn, { getConfig: () => ({ className, ...config }) });
}

const nonNegative = { min: 0 };
const positive = { greaterThan: 0 };

/** The checked config of a schedule: an object with known keys only. */
function configOf<T extends object>(name: string, c: T, keys: readonly string[]): T {
  if (c === undefined || c === null) throw new Error(`${name}: a config object is required; valid options are ${[...keys].sort().join(', ')}`);
  checkOptions(name, c, keys);
  return c;
}

/**
 * Learning-rate schedules: functions of the step count, usable wherever `learningRate` is. Every numeric
 * option is checked when the schedule is made (finite, in range), so a bad one fails before training.
 * @example new Adam({ learningRate: schedules.exponentialDecay({ initialLearningRate: 0.01, decaySteps: 100, decayRate: 0.9 }) })
 */
export const schedules = {
  /** lr = initial * decayRate^(step / decaySteps) (floored with staircase). */
  exponentialDecay(c: { initialLearningRate: number; decaySteps: number; decayRate: number; staircase?: boolean }): LearningRateSchedule {
    const name = 'exponentialDecay';
    configOf(name, c, ['initialLearningRate', 'decaySteps', 'decayRate', 'staircase']);
    const initial = checkNumber(name, 'initialLearningRate', c.initialLearningRate, nonNegative);
    const decaySteps = checkNumber(name, 'decaySteps', c.decaySteps, positive);
    const decayRate = checkNumber(name, 'decayRate', c.decayRate, positive);
    const staircase = checkBoolean(name, 'staircase', c.staircase, false);
    return schedule('ExponentialDecay', { ...c }, (step) => {
      const p = step / decaySteps;
      return initial * decayRate ** (staircase ? Math.floor(p) : p);
    });
  },
  /** values[i] while step <= boundaries[i] (values has one more entry than boundaries). */
  piecewiseConstantDecay(c: { boundaries: number[]; values: number[] }): LearningRateSchedule {
    const name = 'piecewiseConstantDecay';
    configOf(name, c, ['boundaries', 'values']);
    if (!Array.isArray(c.boundaries)) throw new Error(`${name}: boundaries must be an array of increasing step counts, got ${describeValue(c.boundaries)}`);
    if (!Array.isArray(c.values)) throw new Error(`${name}: values must be an array of learning rates, got ${describeValue(c.values)}`);
    if (c.values.length !== c.boundaries.length + 1) throw new Error(`${name}: values must have boundaries.length + 1 = ${c.boundaries.length + 1} entries, got ${c.values.length}`);
    const boundaries = c.boundaries.map((b, i) => checkNumber(name, `boundaries[${i}]`, b, i === 0 ? nonNegative : { greaterThan: c.boundaries[i - 1] }));
    const values = c.values.map((v, i) => checkNumber(name, `values[${i}]`, v, nonNegative));
    return schedule('PiecewiseConstantDecay', { boundaries: boundaries.slice(), values: values.slice() }, (step) => {
      const i = boundaries.findIndex((b) => step <= b);
      return values[i === -1 ? values.length - 1 : i];
    });
  },
  /** Multiplies by `factor` every `stepSize` steps. */
  stepDecay(c: { initialLearningRate: number; stepSize: number; factor?: number }): LearningRateSchedule {
    const name = 'stepDecay';
    configOf(name, c, ['initialLearningRate', 'stepSize', 'factor']);
    const initial = checkNumber(name, 'initialLearningRate', c.initialLearningRate, nonNegative);
    const stepSize = checkNumber(name, 'stepSize', c.stepSize, positive);
    const factor = checkOptionalNumber(name, 'factor', c.factor, 0.5, positive);
    return schedule('StepDecay', { ...c }, (step) => initial * factor ** Math.floor(step / stepSize));
  },
  /** Linear warmup to warmupTarget, then cosine decay to alpha * peak over decaySteps. */
  cosineDecay(c: { initialLearningRate: number; decaySteps: number; alpha?: number; warmupTarget?: number; warmupSteps?: number }): LearningRateSchedule {
    const name = 'cosineDecay';
    configOf(name, c, ['initialLearningRate', 'decaySteps', 'alpha', 'warmupTarget', 'warmupSteps']);
    const initial = checkNumber(name, 'initialLearningRate', c.initialLearningRate, nonNegative);
    const decaySteps = checkNumber(name, 'decaySteps', c.decaySteps, positive);
    const alpha = checkOptionalNumber(name, 'alpha', c.alpha, 0, { min: 0, max: 1 });
    const warmupSteps = checkOptionalNumber(name, 'warmupSteps', c.warmupSteps, 0, { integer: true, min: 0 });
    const peak = checkOptionalNumber(name, 'warmupTarget', c.warmupTarget, initial, nonNegative);
    return schedule('CosineDecay', { ...c }, (step) => {
      if (step < warmupSteps) return initial + ((peak - initial) * step) / warmupSteps;
      const p = Math.min(step - warmupSteps, decaySteps) / decaySteps;
      return peak * ((1 - alpha) * 0.5 * (1 + Math.cos(Math.PI * p)) + alpha);
    });
  },
};
