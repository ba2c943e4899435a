import { gradientStats, noGrad, type Sequential, type Tensor } from '@rectify/rectify';
import type { LayerStats } from '../messages.js';

/**
 * The hidden activation layers on a probe batch: per unit, the fraction of samples it fires on (a unit
 * that fires on none is dead), and the layer's sparsity (zero outputs over all).
 */
export function hiddenLayerStats(model: Sequential, probe: Tensor): LayerStats[] {
  const out: LayerStats[] = [];
  noGrad(() => {
    let t = probe;
    for (const layer of model.layers) {
      t = layer.apply(t, { training: false }) as Tensor;
      if (!layer.name.startsWith('act_')) continue;
      const [rows, units] = t.shape;
      const fires = new Array<number>(units).fill(0);
      let zeros = 0;
      const d = t.dataSync();
      for (let i = 0; i < d.length; i++) {
        if (d[i] > 0) fires[i % units]++;
        if (d[i] === 0) zeros++;
      }
      const firing = fires.map((f) => f / rows);
      out.push({ layer: layer.name, deadFraction: firing.filter((f) => f === 0).length / units, sparsity: zeros / d.length, firing });
    }
  });
  return out;
}

/** The gradient norm of each Dense layer's weights (kernel and bias together) on a probe batch. */
export function layerGradientNorms(model: Sequential, x: Tensor, y: Tensor): Array<{ layer: string; norm: number }> {
  const byLayer = new Map<string, number>();
  for (const r of gradientStats(model, x, y)) if (r.layer.startsWith('dense') || r.layer === 'digits') byLayer.set(r.layer, Math.hypot(byLayer.get(r.layer) ?? 0, r.gradNorm));
  return [...byLayer].map(([layer, norm]) => ({ layer, norm }));
}
