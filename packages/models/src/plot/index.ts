import { Tensor, grad, linspace, noGrad } from '@rectify/core';
import { Layer, getActivation } from '@rectify/layers';
import type { History } from '../callbacks/history.js';
import { lineChart, type ChartOptions } from './line-chart.js';

export { lineChart, ticks, type Series, type ChartOptions } from './line-chart.js';

/** What `plot.activation` accepts: an activation name, a function of a tensor, or a layer (e.g. a trained PReLU). */
export type ActivationLike = string | ((x: Tensor) => Tensor) | Layer;

function resolve(fn: ActivationLike): [string, (x: Tensor) => Tensor] {
  if (typeof fn === 'string') return [fn, getActivation(fn, 'plot.activation')];
  if (fn instanceof Layer) return [`${fn.name} (${fn.className})`, (x) => fn.apply(x, { training: false })];
  if (typeof fn === 'function') return [fn.name || 'f', fn];
  throw new Error(`plot.activation: expected an activation name, a function or a layer, got ${JSON.stringify(fn)}`);
}

/** The curve f(x) and its derivative f'(x) (by autograd) sampled on [from, to]. */
export function activationCurve(fn: ActivationLike, options: { from?: number; to?: number; points?: number } = {}): { x: number[]; y: number[]; dy: number[] } {
  const { from = -5, to = 5, points = 201 } = options;
  if (!(to > from)) throw new Error(`plot.activation: 'to' must be greater than 'from', got from ${from}, to ${to}`);
  const [, f] = resolve(fn);
  // a built layer with per-unit weights (a trained PReLU) sees every unit fed the same x; unit 0 is plotted
  const unitShape = fn instanceof Layer && fn.built && fn.weights[0]?.rank ? [...fn.weights[0].shape] : [1];
  const units = unitShape.reduce((a, d) => a * d, 1);
  const samples = linspace(from, to, points);
  const x = samples.reshape([points, 1]).broadcastTo([points, units]).reshape([points, ...unitShape]).detach();
  const firstUnit = (t: Tensor) => Array.from(t.dataSync()).filter((_, i) => i % units === 0);
  const y = noGrad(() => f(x));
  const dy = grad((t: Tensor) => f(t).sum())(x) as Tensor;
  return { x: Array.from(samples.dataSync()), y: firstUnit(y), dy: firstUnit(dy) };
}

/**
 * Pictures as SVG strings: an activation with its derivative, or training curves.
 * @example
 * import { writeFileSync } from 'node:fs';
 * writeFileSync('elu.svg', plot.activation('elu', { from: -4, to: 4 }));
 */
export const plot = {
  /** SVG of f and f' (derivative by autograd) for a name, a function or a layer. */
  activation(fn: ActivationLike, options: { from?: number; to?: number; points?: number } & ChartOptions = {}): string {
    const [name] = resolve(fn);
    const { x, y, dy } = activationCurve(fn, options);
    return lineChart([{ label: `${name}(x)`, x, y }, { label: `${name}'(x)`, x, y: dy, dashed: true }], { title: options.title ?? name, xLabel: 'x', ...options });
  },

  /** SVG of the loss and metric curves of a History (train solid, validation dashed). */
  history(history: History | { history: Record<string, number[]> }, options: ChartOptions & { metrics?: string[] } = {}): string {
    const h = history?.history;
    if (!h || typeof h !== 'object' || Object.keys(h).length === 0) throw new Error('plot.history: expected a History with at least one recorded epoch');
    const keys = options.metrics ?? Object.keys(h).filter((k) => !k.startsWith('val_') && !k.includes('/') && k !== 'learning_rate');
    const series = keys.flatMap((k) => {
      if (!h[k]) throw new Error(`plot.history: '${k}' is not in the history; available: ${Object.keys(h).join(', ')}`);
      const train = { label: k, x: h[k].map((_, i) => i + 1), y: h[k] };
      return h[`val_${k}`] ? [train, { label: `val_${k}`, x: h[`val_${k}`].map((_, i) => i + 1), y: h[`val_${k}`], dashed: true }] : [train];
    });
    return lineChart(series, { title: 'Training history', xLabel: 'epoch', integerX: true, ...options });
  },
};
