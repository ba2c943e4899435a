import type { LearningRateSchedule } from './optimizer.js';

function schedule(className: string, config: Record<string, unknown>, fn: (step: number) => number): LearningRateSchedule {
  return Object.assign(fn, { getConfig: () => ({ className, ...config }) });
}

function positive(name: string, key: string, v: number): void {
  if (!(v > 0)) throw new Error(`${name}: ${key} must be > 0, got ${v}`);
}

/**
 * Learning-rate schedules: functions of the step count, usable wherever `learningRate` is.
 * @example new Adam({ learningRate: schedules.exponentialDecay({ initialLearningRate: 0.01, decaySteps: 100, decayRate: 0.9 }) })
 */
export const schedules = {
  /** lr = initial * decayRate^(step / decaySteps) (floored with staircase). */
  exponentialDecay(c: { initialLearningRate: number; decaySteps: number; decayRate: number; staircase?: boolean }): LearningRateSchedule {
    positive('exponentialDecay', 'decaySteps', c.decaySteps);
    return schedule('ExponentialDecay', { ...c }, (step) => {
      const p = step / c.decaySteps;
      return c.initialLearningRate * c.decayRate ** (c.staircase ? Math.floor(p) : p);
    });
  },
  /** values[i] while step <= boundaries[i] (values has one more entry than boundaries). */
  piecewiseConstantDecay(c: { boundaries: number[]; values: number[] }): LearningRateSchedule {
    if (c.values.length !== c.boundaries.length + 1) throw new Error(`piecewiseConstantDecay: values must have boundaries.length + 1 = ${c.boundaries.length + 1} entries, got ${c.values.length}`);
    return schedule('PiecewiseConstantDecay', { ...c }, (step) => {
      const i = c.boundaries.findIndex((b) => step <= b);
      return c.values[i === -1 ? c.values.length - 1 : i];
    });
  },
  /** Multiplies by `factor` every `stepSize` steps. */
  stepDecay(c: { initialLearningRate: number; stepSize: number; factor?: number }): LearningRateSchedule {
    positive('stepDecay', 'stepSize', c.stepSize);
    return schedule('StepDecay', { ...c }, (step) => c.initialLearningRate * (c.factor ?? 0.5) ** Math.floor(step / c.stepSize));
  },
  /** Linear warmup to warmupTarget, then cosine decay to alpha * peak over decaySteps. */
  cosineDecay(c: { initialLearningRate: number; decaySteps: number; alpha?: number; warmupTarget?: number; warmupSteps?: number }): LearningRateSchedule {
    positive('cosineDecay', 'decaySteps', c.decaySteps);
    const alpha = c.alpha ?? 0;
    const warmupSteps = c.warmupSteps ?? 0;
    const peak = c.warmupTarget ?? c.initialLearningRate;
    return schedule('CosineDecay', { ...c }, (step) => {
      if (step < warmupSteps) return c.initialLearningRate + ((peak - c.initialLearningRate) * step) / warmupSteps;
      const p = Math.min(step - warmupSteps, c.decaySteps) / c.decaySteps;
      return peak * ((1 - alpha) * 0.5 * (1 + Math.cos(Math.PI * p)) + alpha);
    });
  },
};
