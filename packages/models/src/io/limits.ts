/**
 * The budget `loadModel` keeps against a hostile model folder: everything past these is refused with a
 * `loadModel:` error before memory of that size is allocated.
 */
export const LOAD_LIMITS = {
  /** Largest model.json read, in bytes (a file past this is refused before it is read). */
  maxJsonBytes: 8 * 1024 * 1024,
  /** Most JSON objects and arrays in model.json (each costs tens of bytes of memory once parsed). */
  maxJsonContainers: 500_000,
  /** Deepest nesting of objects and arrays in model.json. */
  maxJsonDepth: 64,
  /** Most values (float32) one weight may hold: 1 GiB. */
  maxWeightElements: 2 ** 28,
  /** Most values all weights together may hold: 1 GiB of float32. */
  maxTotalWeightElements: 2 ** 28,
  /** Most layers in a topology. */
  maxLayers: 10_000,
  /** Most weight entries and shard files in a manifest. */
  maxManifestEntries: 100_000,
  /** Longest weight name or shard file name, in characters. */
  maxNameLength: 1_000,
  /** Most axes of a shape. */
  maxRank: 8,
  /** Most values one sample may hold at the input or after any layer: 256 MiB of float32 per sample. */
  maxSampleElements: 2 ** 26,
} as const;
