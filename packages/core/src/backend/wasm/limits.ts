/**
 * Sizes below which the wasm backend runs the JS reference kernels (or one thread) instead: under them,
 * copying operands into wasm memory and back (or handing work to a worker) costs more than it saves.
 * Tests set them to 0 so every kernel runs in wasm, and on threads, whatever its size.
 */
export const wasmLimits = {
  /** Multiply-adds of a matrix product (m * n * k). */
  matmulWork: 32 * 32 * 32,
  /** Rows of a matrix product: under one register tile (4), most of the tile is wasted. */
  matmulRows: 4,
  /** Elements of an elementwise op, a reduction or an optimizer update. */
  elements: 4096,
  /**
   * Multiply-adds each thread of a split matrix product must get, or it stays on one thread: measured on
   * two cores, two threads pay reliably from about 512^3 (below it, waking and waiting on the worker,
   * which shares the cores with the garbage collector, eats the gain).
   */
  threadWork: 32 * 1024 * 1024,
};
