import { Callback, CallbackList } from './callback.js';
import { History } from './history.js';
import { ProgressBar } from './progress-bar.js';
import { ProgressReport } from './progress-report.js';
import { EarlyStopping } from './early-stopping.js';
import { LearningRateScheduler, ReduceLROnPlateau } from './learning-rate.js';
import { TerminateOnNaN } from './terminate-on-nan.js';
import { ModelCheckpoint } from './model-checkpoint.js';
import { DeadUnitMonitor, GradientFlow } from '../diagnostics/monitors.js';

export { Callback, CallbackList, History, ProgressBar, ProgressReport, EarlyStopping, LearningRateScheduler, ReduceLROnPlateau, TerminateOnNaN, ModelCheckpoint, DeadUnitMonitor, GradientFlow };
export type { Logs, TrainParams, TrainableModel } from './callback.js';
export type { ProgressStream } from './progress-bar.js';
export type { Progress } from './progress-report.js';
export type { EarlyStoppingArgs } from './early-stopping.js';
export type { ReduceLROnPlateauArgs } from './learning-rate.js';

/** Every callback class, as a namespace: `new callbacks.EarlyStopping({ patience: 2 })`. */
export const callbacks = { Callback, History, ProgressBar, ProgressReport, EarlyStopping, LearningRateScheduler, ReduceLROnPlateau, TerminateOnNaN, ModelCheckpoint, DeadUnitMonitor, GradientFlow };
