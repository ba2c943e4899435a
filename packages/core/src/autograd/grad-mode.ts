let enabled = true;

/** Whether ops currently record the graph for autograd. */
export function isGradEnabled(): boolean {
  return enabled;
}

/**
 * Runs `fn` without recording gradients: for inference, weight updates and metrics.
 * @example const y = noGrad(() => model.apply(x));
 */
export function noGrad<T>(fn: () => T): T {
  if (typeof fn !== 'function') throw new Error(`noGrad: expected a function to run, got ${fn === null ? 'null' : typeof fn}`);
  return withGradMode(false, fn);
}

export function withGradMode<T>(mode: boolean, fn: () => T): T {
  const previous = enabled;
  enabled = mode;
  try {
    return fn();
  } finally {
    enabled = previous;
  }
}
