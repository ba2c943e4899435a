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
