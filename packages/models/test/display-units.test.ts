import { describe, expect, it } from 'vitest';
import { formatStepTime } from '../src/callbacks/progress-bar.js';
import { plot, ticks } from '../src/index.js';

describe('units as Keras prints them', () => {
  it('prints time per step in s, ms or us, never 0ms', () => {
    expect(formatStepTime(0.00085)).toBe('850us');
    expect(formatStepTime(0.0000004)).toBe('0us');
    expect(formatStepTime(0.012)).toBe('12ms');
    expect(formatStepTime(2.4)).toBe('2s');
  });

  it('labels epochs with whole numbers only', () => {
    expect(ticks(1, 3)).toContain(1.5);
    expect(ticks(1, 3, 5, true)).toEqual([1, 2, 3]);
    expect(ticks(1, 40, 5, true)).toEqual([10, 20, 30, 40]);
    const svg = plot.history({ history: { loss: [0.9, 0.5, 0.4] } });
    const xLabels = [...svg.matchAll(/<text x="[\d.]+" y="[\d.]+" text-anchor="middle">([^<]+)<\/text>/g)].map((m) => m[1]);
    expect(xLabels).toContain('2');
    expect(xLabels.filter((l) => /^\d+\.\d+$/.test(l))).toEqual([]);
  });
});
