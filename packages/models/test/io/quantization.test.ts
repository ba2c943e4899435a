import { describe, expect, it } from 'vitest';
import { float16ToNumber, numberToFloat16, quantizeValues, readValues } from '../../src/io/quantization.js';

describe('weight quantization', () => {
  it('float16 round trips every half-precision value exactly and rounds to nearest even', () => {
    for (let h = 0; h < 0x10000; h++) {
      const v = float16ToNumber(h);
      if (Number.isNaN(v)) expect(Number.isNaN(float16ToNumber(numberToFloat16(v)))).toBe(true);
      else expect(numberToFloat16(v)).toBe(h);
    }
    expect(float16ToNumber(numberToFloat16(65504))).toBe(65504);
    expect(float16ToNumber(numberToFloat16(65520))).toBe(Infinity);
    expect(float16ToNumber(numberToFloat16(1 + 2 ** -11))).toBe(1); // a tie rounds to the even 1
    expect(float16ToNumber(numberToFloat16(1 + 3 * 2 ** -11))).toBe(1 + 2 ** -9);
    expect(float16ToNumber(numberToFloat16(2 ** -25))).toBe(0);
    expect(float16ToNumber(numberToFloat16(3 * 2 ** -26))).toBe(2 ** -24); // past half the smallest subnormal
  });

  it('uint8 and uint16: every value within scale / 2, zero exact, min a multiple of the scale', () => {
    const values = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i * 0.37) * 3 + 0.4);
    values[7] = 0;
    for (const dtype of ['uint8', 'uint16'] as const) {
      const { bytes, quantization } = quantizeValues(values, dtype);
      expect(bytes.length).toBe(values.length * (dtype === 'uint8' ? 1 : 2));
      const back = readValues(bytes.buffer, 0, values.length, 'float32', quantization);
      const scale = quantization.scale!;
      expect(Math.abs(quantization.min! / scale - Math.round(quantization.min! / scale))).toBeLessThan(1e-6);
      values.forEach((v, i) => expect(Math.abs(back[i] - v)).toBeLessThanOrEqual(scale / 2 + 1e-6));
      expect(Math.abs(back[7])).toBeLessThan(1e-6);
    }
  });

  it('a constant weight is stored as zeros with that value as min', () => {
    const { bytes, quantization } = quantizeValues(new Float32Array([2.5, 2.5, 2.5]), 'uint8');
    expect(Array.from(bytes)).toEqual([0, 0, 0]);
    expect(Array.from(readValues(bytes.buffer, 0, 3, 'float32', quantization))).toEqual([2.5, 2.5, 2.5]);
  });

  it('refuses to quantize NaN or infinite weights', () => {
    expect(() => quantizeValues(new Float32Array([1, NaN]), 'uint8')).toThrow(/saveModel: cannot quantize weights holding NaN values to uint8/);
    expect(() => quantizeValues(new Float32Array([1, Infinity]), 'uint16')).toThrow(/infinite values to uint16/);
  });
});
