export { activationStats, gradientStats, describeActivation, type ActivationStats, type GradientStats } from './stats.js';
export { DeadUnitMonitor, GradientFlow } from './monitors.js';
