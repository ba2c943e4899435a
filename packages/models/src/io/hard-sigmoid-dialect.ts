import { activationRegistry, kerasActivationName } from '@rectify/layers';

// 'hard_sigmoid' means relu6(x + 3) / 6 in Keras 3 but 0.2 x + 0.5 (clipped) in Keras 2 and TF.js: a file's
// dialect decides which, and a saved file says when it means Keras 3's.
type HardSigmoidDialect = 'keras3' | 'legacy';
let readingDialect: HardSigmoidDialect = 'keras3';
let writtenDialects: Set<HardSigmoidDialect> | null = null;

/** The root field of a saved topology that marks 'hard_sigmoid' as Keras 3's (TF.js ignores it). */
export const HARD_SIGMOID_MARK = { hard_sigmoid: 'relu6(x + 3) / 6' };

/**
 * Runs `read` with the meaning of 'hard_sigmoid' the topology's origin gives it: Keras 3 (no keras_version,
 * 3.x, or Rectify's mark) or legacy (a Keras 2 or TF.js keras_version).
 */
export function readingTopology<T>(topology: Record<string, unknown>, read: () => T): T {
  const version = topology.keras_version ?? (topology.model_config as { keras_version?: unknown } | undefined)?.keras_version;
  const marked = (topology.rectify as { hard_sigmoid?: unknown } | undefined)?.hard_sigmoid === HARD_SIGMOID_MARK.hard_sigmoid;
  const outer = readingDialect;
  readingDialect = !marked && typeof version === 'string' && !version.startsWith('3') ? 'legacy' : 'keras3';
  try {
    return read();
  } finally {
    readingDialect = outer;
  }
}

/** Runs `write` and returns its result with the hard sigmoid dialects the written layers used. */
export function writingTopology<T>(write: () => T): { result: T; dialects: Set<HardSigmoidDialect> } {
  const outer = writtenDialects;
  const dialects = new Set<HardSigmoidDialect>();
  writtenDialects = dialects;
  try {
    return { result: write(), dialects };
  } finally {
    writtenDialects = outer;
  }
}

/** An activation name as a file spells it, noting which hard sigmoid it is. */
export function activationOut(name: string): string {
  const canonical = kerasActivationName(name);
  if (canonical === 'hard_sigmoid') writtenDialects?.add('keras3');
  if (canonical === 'legacy_hard_sigmoid') {
    writtenDialects?.add('legacy');
    return 'hard_sigmoid';
  }
  return canonical;
}

/** An activation name read from a file, in the file's dialect. */
export function activationIn(name: unknown): unknown {
  if (typeof name !== 'string' || readingDialect !== 'legacy' || !activationRegistry.has(name)) return name;
  return activationRegistry.canonical(name) === 'hardSigmoid' ? 'legacyHardSigmoid' : name;
}
