/**
 * What 'hard_sigmoid' means in an RNN config depends on who wrote the file: TF.js and Keras 2 mean
 * clip(0.2 x + 0.5, 0, 1) (TF.js's default gate activation), Keras 3 means relu6(x + 3) / 6. The topology's
 * keras_version tells them apart; files without one come from old (Keras 2) converters.
 */
const RECURRENT = new Set(['SimpleRNN', 'LSTM', 'GRU']);
const ACTIVATION_KEYS = ['activation', 'recurrent_activation'];
let legacyHardSigmoid = true;

/** Runs `read` with 'hard_sigmoid' read as the file's `keras_version` means it. */
export function readingKerasVersion<T>(kerasVersion: unknown, read: () => T): T {
  const before = legacyHardSigmoid;
  legacyHardSigmoid = !(typeof kerasVersion === 'string' && /^[3-9]\./.test(kerasVersion));
  try {
    return read();
  } finally {
    legacyHardSigmoid = before;
  }
}

/** An RNN layer's activations as Rectify names them, from a file's (snake_case) config. */
export function recurrentActivationsIn(className: string, raw: Record<string, unknown>): Record<string, unknown> {
  if (!RECURRENT.has(className)) return raw;
  const out = { ...raw };
  for (const key of ACTIVATION_KEYS) {
    if (out[key] === 'hard_sigmoid') out[key] = legacyHardSigmoid ? 'legacyHardSigmoid' : 'hardSigmoid';
  }
  return out;
}

/** An RNN layer's activations as the TF.js format names them (its 'hard_sigmoid' is the legacy one). */
export function recurrentActivationsOut(className: string, config: Record<string, unknown>): Record<string, unknown> {
  if (!RECURRENT.has(className)) return config;
  const out = { ...config };
  for (const key of ['activation', 'recurrentActivation']) {
    if (out[key] === 'legacyHardSigmoid') out[key] = 'hard_sigmoid';
    else if (out[key] === 'hardSigmoid') {
      throw new Error(`saveModel: ${className} '${String(config.name)}' uses ${key} 'hardSigmoid' (Keras 3's relu6(x + 3) / 6), which the TF.js format cannot name: its 'hard_sigmoid' is clip(0.2 x + 0.5, 0, 1); use 'legacyHardSigmoid' or 'sigmoid'`);
    }
  }
  return out;
}
