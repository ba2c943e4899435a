import { Tensor, formatShape, reshape } from '@rectify/core';
import { formatSymbolicShape, type SymbolicShape } from '@rectify/layers';
import { lossName } from '../losses.js';
import type { OutputTarget } from './compile-config.js';

/** What the target check needs of a model: its outputs' shapes and compiled targets, by output. */
export interface TargetsOwner {
  readonly name: string;
  readonly outputShapes: readonly SymbolicShape[];
  readonly targets: readonly OutputTarget[];
}

function fits(sample: readonly number[], want: readonly (number | null)[]): boolean {
  return sample.length === want.length && want.every((d, i) => d === null || d === sample[i]);
}

function allIntegers(t: Tensor): boolean {
  for (let i = 0; i < t.size; i++) if (!Number.isInteger(t.values[i])) return false;
  return true;
}

/**
 * Checks the targets `ys` against the model's outputs and compiled losses before training starts, so a
 * mismatch is reported with what to write instead of failing inside the first epoch. Labels of shape [n]
 * for an output of shape [n, 1] are reshaped to [n, 1], as Keras does. Custom loss functions are trusted.
 */
export function checkTargets(model: TargetsOwner, op: string, ys: readonly Tensor[]): Tensor[] {
  return ys.map((y, i) => {
    const target = model.targets[i];
    const want = model.outputShapes[i]?.slice(1);
    const name = target?.loss ? lossName(target.loss) : undefined;
    if (!want || !name) return y;
    const where = model.targets.length > 1 ? ` for output '${target.output}'` : '';
    const sample = y.shape.slice(1);
    const classes = want[want.length - 1];
    const intro = `${op}: model '${model.name}'${where} outputs samples of shape ${formatSymbolicShape(want)} and is compiled with ${name}, but y has`;
    if (name === 'sparseCategoricalCrossentropy') {
      const indices = y.rank === 1 || (y.rank === 2 && y.shape[1] === 1);
      if (!indices && classes !== null && classes > 1 && fits(sample, want)) {
        throw new Error(`${intro} one-hot rows of shape ${formatShape(y.shape)}; pass class indices of shape ${formatShape([y.shape[0]])} (y.argmax(-1)) or compile with loss 'categoricalCrossentropy'`);
      }
      if (!indices) throw new Error(`${intro} shape ${formatShape(y.shape)}; sparseCategoricalCrossentropy takes one class index per sample, shape ${formatShape([y.shape[0]])} or ${formatShape([y.shape[0], 1])}`);
      const bad = Array.from(y.values).find((l) => !Number.isInteger(l) || l < 0 || (classes !== null && l >= classes));
      if (bad !== undefined) throw new Error(`${intro} label ${bad}, which is not a class index${classes === null ? '' : ` in [0, ${classes - 1}]`}`);
      return y;
    }
    if (fits(sample, want)) return y;
    // [n] labels for an output of one value per sample: Keras adds the trailing axis
    if (y.rank === 1 && want.length === 1 && (want[0] === 1 || want[0] === null)) return reshape(y, [y.shape[0], 1]);
    const indices = y.rank === 1 || (y.rank === 2 && y.shape[1] === 1);
    if (name === 'categoricalCrossentropy' && indices && classes !== null && classes > 1 && allIntegers(y)) {
      throw new Error(`${intro} integer class labels of shape ${formatShape(y.shape)}; compile with loss 'sparseCategoricalCrossentropy' for class indices, or one-hot them with oneHot(y, ${classes})`);
    }
    throw new Error(`${intro} samples of shape ${formatShape(sample)} (y ${formatShape(y.shape)}); give y the shape ${formatSymbolicShape([y.shape[0], ...want])}`);
  });
}
