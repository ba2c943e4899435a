import { showValue } from './show-value.js';

// Weight quantization as the TF.js converter writes it (`--quantize_uint8`, `--quantize_uint16`,
// `--quantize_float16`): a manifest entry's `quantization` says how its bytes map back to float32.

/** The quantization field of a manifest entry. */
export interface Quantization {
  dtype: 'uint8' | 'uint16' | 'float16';
  /** Affine (uint8/uint16): value = q * scale + min. */
  min?: number;
  scale?: number;
  original_dtype?: string;
}

/** The dtypes `save(dir, { quantize })` can write. */
export type QuantizeDtype = Quantization['dtype'];

const BYTES: Record<QuantizeDtype, number> = { uint8: 1, uint16: 2, float16: 2 };

/** Bytes per stored value of an entry: 4 unless quantized. */
export function bytesPerValue(quantization: Quantization | undefined): number {
  return quantization ? BYTES[quantization.dtype] : 4;
}

/** A checked quantization field (or an Error naming the file, the field and the value). */
export function checkQuantization(q: unknown, field: string, file: string, name: string): Quantization {
  const r = q as Record<string, unknown> | null;
  if (!r || typeof r !== 'object' || Array.isArray(r) || !Object.hasOwn(BYTES, r.dtype as string)) {
    throw new Error(`loadModel: ${file}: ${field}.quantization of weight '${name}' is ${showValue(q)}; expected { dtype: 'uint8' | 'uint16', min, scale } or { dtype: 'float16' }`);
  }
  if (r.original_dtype !== undefined && r.original_dtype !== 'float32') {
    throw new Error(`loadModel: ${file}: ${field}.quantization of weight '${name}' has original_dtype ${showValue(r.original_dtype)}; only float32 weights can be dequantized`);
  }
  const dtype = r.dtype as QuantizeDtype;
  if (dtype === 'float16') return { dtype };
  if (typeof r.min !== 'number' || !Number.isFinite(r.min) || typeof r.scale !== 'number' || !Number.isFinite(r.scale) || r.scale < 0) {
    throw new Error(`loadModel: ${file}: ${field}.quantization of weight '${name}' needs a finite min and a finite scale >= 0, got ${showValue(q)}`);
  }
  return { dtype, min: r.min, scale: r.scale };
}

/** IEEE half-precision bits to a number (subnormals, infinities and NaN included). */
export function float16ToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 31) return fraction ? NaN : sign * Infinity;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/** A number to IEEE half-precision bits, rounding to nearest even; overflow gives infinity. */
export function numberToFloat16(v: number): number {
  if (Number.isNaN(v)) return 0x7e00;
  const sign = v < 0 || Object.is(v, -0) ? 0x8000 : 0;
  const a = Math.abs(v);
  if (a >= 65520) return sign | 0x7c00; // rounds past the largest half, 65504
  if (a < 2 ** -14) return sign | roundEven(a / 2 ** -24); // subnormal (may round up into the normals)
  const exponent = Math.floor(Math.log2(a));
  let e = exponent;
  let m = roundEven((a / 2 ** e - 1) * 1024);
  if (m === 1024) {
    m = 0;
    e += 1;
  }
  if (e > 15) return sign | 0x7c00;
  return sign | ((e + 15) << 10) | m;
}

function roundEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - Math.trunc(x)) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Reads `size` values of an entry stored at byte `at`, dequantized to float32. */
export function readValues(data: ArrayBuffer, at: number, size: number, dtype: 'float32' | 'int32', q: Quantization | undefined): Float32Array {
  const out = new Float32Array(size);
  const view = new DataView(data, at, size * bytesPerValue(q));
  if (!q) {
    for (let k = 0; k < size; k++) out[k] = dtype === 'int32' ? view.getInt32(k * 4, true) : view.getFloat32(k * 4, true);
  } else if (q.dtype === 'float16') {
    for (let k = 0; k < size; k++) out[k] = float16ToNumber(view.getUint16(k * 2, true));
  } else {
    const { min = 0, scale = 1 } = q;
    for (let k = 0; k < size; k++) out[k] = (q.dtype === 'uint8' ? view.getUint8(k) : view.getUint16(k * 2, true)) * scale + min;
  }
  return out;
}

/**
 * Quantizes values as tensorflowjs_converter does: uint8/uint16 map [min, max] affinely onto 0..2^bits - 1,
 * with min nudged to a multiple of the scale so that 0 is represented exactly (value = q * scale + min, error
 * at most scale / 2); float16 rounds each value to half precision.
 */
export function quantizeValues(values: ArrayLike<number>, dtype: QuantizeDtype): { bytes: Uint8Array; quantization: Quantization } {
  const n = values.length;
  const bytes = new Uint8Array(n * BYTES[dtype]);
  const view = new DataView(bytes.buffer);
  if (dtype === 'float16') {
    for (let i = 0; i < n; i++) view.setUint16(i * 2, numberToFloat16(values[i]), true);
    return { bytes, quantization: { dtype, original_dtype: 'float32' } };
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    lo = Math.min(lo, values[i]);
    hi = Math.max(hi, values[i]);
  }
  if (n === 0) lo = hi = 0;
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) throw new Error(`saveModel: cannot quantize weights holding ${Number.isNaN(lo + hi) ? 'NaN' : 'infinite'} values to ${dtype}`);
  const levels = dtype === 'uint8' ? 255 : 65535;
  // one value everywhere: all zeros with scale 1 and min that value, as the converter writes it
  const scale = hi > lo ? (hi - lo) / levels : 1;
  const min = hi > lo ? Math.round(lo / scale) * scale : lo;
  for (let i = 0; i < n; i++) {
    const q = hi > lo ? Math.min(levels, Math.max(0, Math.round((values[i] - min) / scale))) : 0;
    if (dtype === 'uint8') view.setUint8(i, q);
    else view.setUint16(i * 2, q, true);
  }
  return { bytes, quantization: { dtype, min, scale, original_dtype: 'float32' } };
}
