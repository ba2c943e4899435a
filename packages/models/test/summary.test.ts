import { describe, expect, it } from 'vitest';
import { BatchNormalization, Conv2D, Dense, Flatten, MaxPooling2D } from '@rectify/layers';
import { Sequential, formatBytes } from '../src/index.js';

describe('summary()', () => {
  it('prints the Keras-style table for the seed model (6 params)', () => {
    const model = new Sequential({ name: 'seed', layers: [new Dense({ units: 2, activation: 'relu', inputShape: [2], name: 'hidden' })] });
    let printed = '';
    const text = model.summary({ printFn: (t) => (printed = t) });
    expect(printed).toBe(text);
    expect(text).toBe(
      [
        'Model: "seed"',
        '┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━┓',
        '┃ Layer (type)                     ┃ Output Shape           ┃          Param # ┃',
        '┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━┩',
        '│ hidden (Dense)                   │ (None, 2)              │                6 │',
        '└──────────────────────────────────┴────────────────────────┴──────────────────┘',
        ' Total params: 6 (24.00 B)',
        ' Trainable params: 6 (24.00 B)',
        ' Non-trainable params: 0 (0.00 B)',
      ].join('\n'),
    );
  });

  it('widens columns for long names instead of truncating, and counts non-trainable weights', () => {
    const long = 'a_very_long_layer_name_that_must_never_be_truncated_anywhere';
    const model = new Sequential({
      layers: [
        new Conv2D({ filters: 4, kernelSize: 3, inputShape: [8, 8, 1], name: long }),
        new BatchNormalization({ name: 'bn' }),
        new MaxPooling2D({ name: 'pool' }),
        new Flatten({ name: 'flat' }),
        new Dense({ units: 10, name: 'out' }),
      ],
    });
    const text = model.summary({ printFn: () => {} });
    expect(text).toContain(`│ ${long} (Conv2D) │`);
    expect(text).toContain('(None, 6, 6, 4)');
    expect(text).toContain('(None, 3, 3, 4)');
    expect(text).toContain('(None, 36)');
    // conv 3*3*1*4+4 = 40, bn 4*4 = 16 (8 non-trainable), dense 36*10+10 = 370
    expect(text).toContain(' Total params: 426 (1.66 KB)');
    expect(text).toContain(' Trainable params: 418 (1.63 KB)');
    expect(text).toContain(' Non-trainable params: 8 (32.00 B)');
    const widths = new Set(text.split('\n').slice(1, -3).map((l) => l.length));
    expect(widths.size).toBe(1);
  });

  it('formats byte sizes like Keras', () => {
    expect(formatBytes(24)).toBe('24.00 B');
    expect(formatBytes(407080)).toBe('397.54 KB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.00 MB');
  });
});
