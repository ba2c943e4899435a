/** Digits as the playground trains on them: pixels in [0, 1], 784 per image, and labels 0-9. */
export interface Digits {
  pixels: Float32Array;
  labels: Uint8Array;
  count: number;
}

/**
 * Reads `mnist.bin` (written by the build from the `mnist` package: a uint32 count, the labels, then 784
 * uint8 pixels per image; the classes interleaved) and splits it into a training and a test set: every
 * tenth round of ten digits for testing, so both sets hold every class.
 */
export async function loadDigits(url: string): Promise<{ train: Digits; test: Digits }> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`playground: fetching ${url} answered ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const count = new DataView(bytes.buffer).getUint32(0, true);
  if (bytes.length !== 4 + count * 785) throw new Error(`playground: ${url} holds ${bytes.length} bytes, expected ${4 + count * 785} for ${count} digits`);
  const labels = bytes.subarray(4, 4 + count);
  const pixels = bytes.subarray(4 + count);
  const split = (keep: (i: number) => boolean): Digits => {
    const index = Array.from({ length: count }, (_, i) => i).filter(keep);
    const out = { pixels: new Float32Array(index.length * 784), labels: new Uint8Array(index.length), count: index.length };
    index.forEach((i, k) => {
      out.labels[k] = labels[i];
      for (let p = 0; p < 784; p++) out.pixels[k * 784 + p] = pixels[i * 784 + p] / 255;
    });
    return out;
  };
  const isTest = (i: number) => Math.floor(i / 10) % 10 === 0;
  return { train: split((i) => !isTest(i)), test: split(isTest) };
}
