import { Tensor, allocate, assertShape, checkChoice, checkOptionalNumber, checkOptions, checkSeed, normalSample, rngFor, sizeOf, type DType } from '@rectify/core';
import type { Initializer } from './initializers.js';

/**
 * Orthogonal initializer (Keras `Orthogonal`, the default for recurrent kernels): the weight, flattened to
 * [prod(shape[:-1]), shape[-1]], has orthonormal rows or columns (whichever are fewer), times `gain`. Made
 * by a QR decomposition of a normal sample with the signs of R's diagonal folded into Q, as Keras does, so
 * the result is uniformly distributed over orthogonal matrices.
 * @example new LSTM({ units: 8, recurrentInitializer: orthogonal({ gain: 1, seed: 3 }) })
 */
export function orthogonal(config: { gain?: number; seed?: number | null } = {}): Initializer {
  checkOptions('Orthogonal initializer', config, ['gain', 'seed']);
  const gain = checkOptionalNumber('Orthogonal initializer', 'gain', config?.gain, 1);
  const seed = config?.seed === null ? undefined : checkSeed('Orthogonal initializer', config?.seed);
  return {
    className: 'Orthogonal',
    getConfig: () => ({ gain, ...(seed === undefined ? {} : { seed }) }),
    apply(shape: readonly number[], dtype: DType = 'float32'): Tensor {
      const s = assertShape('Orthogonal initializer', shape);
      const kind = checkChoice('Orthogonal initializer', 'dtype', dtype, ['float32', 'float64'], 'float32');
      if (s.length < 2) throw new Error(`Orthogonal initializer: expected a shape of rank >= 2, got [${s.join(', ')}]`);
      const cols = s[s.length - 1];
      const rows = sizeOf(s) / cols;
      // orthonormalise the longer side's vectors of a (long x short) sample, then lay them out as (rows x cols)
      const long = Math.max(rows, cols);
      const short = Math.min(rows, cols);
      const rng = rngFor(seed);
      const q = Array.from({ length: short }, () => Float64Array.from({ length: long }, () => normalSample(rng)));
      // modified Gram-Schmidt: vector j minus its projections on the earlier ones, then normalised; this is
      // the Q of a QR decomposition whose R has a positive diagonal (Keras's sign correction)
      for (let j = 0; j < short; j++) {
        const v = q[j];
        for (let k = 0; k < j; k++) {
          let dot = 0;
          for (let i = 0; i < long; i++) dot += v[i] * q[k][i];
          for (let i = 0; i < long; i++) v[i] -= dot * q[k][i];
        }
        let norm = 0;
        for (let i = 0; i < long; i++) norm += v[i] * v[i];
        norm = Math.sqrt(norm) || 1;
        for (let i = 0; i < long; i++) v[i] /= norm;
      }
      const data = allocate(kind, rows * cols);
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < cols; c++) data[r * cols + c] = gain * (rows >= cols ? q[c][r] : q[r][c]);
      }
      return new Tensor(data, s);
    },
  };
}
