/**
 * Optimizers (SGD, Adam, AdamW, RMSprop), learning-rate schedules and gradient clipping.
 * @packageDocumentation
 * @module @rectify/optim
 */
export { Optimizer, checkOptimizerOptions, type OptimizerArgs, type OptimizerState, type LearningRateSchedule } from './optimizer.js';
export { SGD, type SGDArgs } from './sgd.js';
export { Adam, AdamW, type AdamArgs } from './adam.js';
export { RMSprop, type RMSpropArgs } from './rmsprop.js';
export { schedules } from './schedules.js';
export { clipGradNorm } from './clip.js';
export { getOptimizer, type OptimizerName } from './get-optimizer.js';
