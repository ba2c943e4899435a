import { describeValue } from '@rectify/core';

// The amounts ZeroPadding and Cropping layers take: one number for every side, a number per axis
// (both sides), or [before, after] per axis, as Keras accepts them.

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** [before, after] for one axis from `n` or `[before, after]`. */
function sidesOf(v: unknown): [number, number] | null {
  if (isCount(v)) return [v, v];
  if (Array.isArray(v) && v.length === 2 && isCount(v[0]) && isCount(v[1])) return [v[0], v[1]];
  return null;
}

/** Per axis [before, after] for `axes` spatial axes; an Error naming the layer and the value otherwise. */
export function sidesPerAxis(layer: string, option: string, v: unknown, axes: number): Array<[number, number]> {
  const example = axes === 1 ? '1 or [1, 2]' : '1, [1, 2] or [[1, 1], [2, 2]]';
  if (isCount(v)) return Array.from({ length: axes }, () => [v, v]);
  if (axes === 1) {
    const s = sidesOf(v);
    if (s) return [s];
  } else if (Array.isArray(v) && v.length === axes) {
    const all = v.every(isCount) ? v.map((n: number) => [n, n] as [number, number]) : v.map(sidesOf);
    if (all.every((s): s is [number, number] => s !== null)) return all;
  }
  throw new Error(`${layer}: ${option} must be a non-negative integer, one per axis, or [before, after] per axis (e.g. ${example}), got ${describeValue(v)}`);
}
