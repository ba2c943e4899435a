// The WebAssembly kernels of the 'wasm' backend. Memory is imported (shared between threads) and
// managed from JavaScript: every argument is a byte offset or a size, nothing is allocated here.
export * from './gemm';
export * from './gemv';
export * from './spmm';

/** Where static data ends: JavaScript keeps its arenas above this. */
export function heapBase(): usize {
  return __heap_base;
}
export * from './conv';
export * from './elementwise';
export * from './reduce';
export * from './optim';
export * from './depthwise';
export * from './scale-shift';
export * from './bounded-relu';
