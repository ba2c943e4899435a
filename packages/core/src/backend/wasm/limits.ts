/**
 * Sizes below which the wasm backend runs the JS reference kernels (or one thread) instead: under them,
 * copying operands into wasm memory and back (or handing work to a worker) costs more than it saves.
 * Tests set them to 0 so every kernel runs in wasm, and on threads, whatever its size.
 */
export const wasmLimits = {
  /** Multiply-adds of a matrix product (m * n * k). */
  matmulWork: 32 * 32 * 32,
  /** Rows of a matrix product from which it runs the tiled GEMM: under one register tile (4), it runs the vector-matrix kernel. */
  matmulRows: 4,
  /** Elements of an elementwise op, a reduction or an optimizer update. */
  elements: 4096,
  /**
   * Multiply-adds each thread of a split matrix product must get (for the sparse kernel, those it does:
   * A's nonzeros times B's columns), or it stays on one thread. Measured in training on two cores, epochs
   * of two settings alternating in one process (bench/crossover.ts times products alone, where two threads
   * pay from 64^3): at 4M the wide MLP trains ~25% faster than at 8M, which left its 8.4M hidden product on
   * one core; at 1M the CNN's 3.5M classifier product splits and trains 1-2% slower.
   */
  threadWork: 4 * 1024 * 1024,
  /**
   * The same for the sparse kernel, counting the multiply-adds it does (A's nonzeros times B's columns):
   * it reads a row of B per multiply-add, so its threads pay from less work. Measured the same way: the
   * MLP's 2.7M sparse products on two threads train it 5-12% faster than on one (the wide MLP's and the
   * CNN's products are unchanged by it: they split at either setting).
   */
  sparseThreadWork: 1024 * 1024,
  /** Fraction of zeros in a product's left operand from which it runs the sparse kernel (gathering A's nonzeros). */
  sparseRows: 0.7,
  /** Values of an Adam step each thread must get, or it stays on one thread. */
  adamPerThread: 64 * 1024,
  /** Fraction of zeros from which the dense GEMM checks each depth step of a tile for all-zero A values. */
  skipZeros: 0.6,
};

/**
 * Threads a job should use: one per `perThread` units of its `work` (the limit above that applies), no more
 * than the pool has or the job has `parts` to split (row tiles, output rows), and at least one.
 */
export function threadsFor(poolSize: number, parts: number, work: number, perThread: number): number {
  return Math.max(1, Math.min(poolSize, parts, Math.floor(work / Math.max(1, perThread))));
}
