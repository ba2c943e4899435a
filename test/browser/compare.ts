import type { OpResult } from './op-results.js';

/**
 * Where two runs of the op table differ by more than float32 rounding (relative `tol`, absolute below
 * magnitude 1): one line per mismatch, empty when they agree. NaN matches NaN, infinities match exactly.
 */
export function opDifferences(got: OpResult[], want: OpResult[], tol = 1e-4): string[] {
  const out: string[] = [];
  const near = (a: number, b: number) => (Number.isNaN(a) && Number.isNaN(b)) || a === b || Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));
  const compare = (name: string, what: string, a: number[], b: number[]) => {
    if (a.length !== b.length) return out.push(`${name} ${what}: ${a.length} values, expected ${b.length}`);
    const i = a.findIndex((v, k) => !near(v, b[k]));
    if (i >= 0) out.push(`${name} ${what}[${i}]: ${a[i]}, expected ${b[i]}`);
  };
  if (got.length !== want.length) out.push(`${got.length} cases, expected ${want.length}`);
  want.forEach((w) => {
    const g = got.find((x) => x.name === w.name);
    if (!g) return out.push(`${w.name}: missing`);
    if (g.error !== w.error) return out.push(`${w.name}: error ${JSON.stringify(g.error)}, expected ${JSON.stringify(w.error)}`);
    compare(w.name, 'forward', g.forward, w.forward);
    if ((g.grads === null) !== (w.grads === null)) return out.push(`${w.name}: gradients ${g.grads ? 'present' : 'missing'}`);
    w.grads?.forEach((dw, i) => compare(w.name, `grad ${i}`, g.grads![i] ?? [], dw));
  });
  return out;
}
