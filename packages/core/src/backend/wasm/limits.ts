/**
 * Sizes below which the wasm backend runs the JS reference kernels instead: under them, copying
 * operands into wasm memory and back costs more than the SIMD loops save. Tests set them to 0 so
 * every kernel runs in wasm whatever its size.
 */
export const wasmLimits = {
  /** Multiply-adds of a matrix product (m * n * k). */
  matmulWork: 32 * 32 * 32,
  /** Rows of a matrix product: under one register tile (4), most of the tile is wasted. */
  matmulRows: 4,
  /** Elements of an elementwise op, a reduction or an optimizer update. */
  elements: 4096,
};
