import { MAX_PAGES } from './module.js';

/** Grows `memory` to at least `bytes`, or explains why it cannot. */
export function growTo(memory: WebAssembly.Memory, bytes: number): void {
  const have = memory.buffer.byteLength;
  if (bytes <= have) return;
  if (bytes > MAX_PAGES * 65536) {
    throw new Error(`wasm backend: a kernel needs ${bytes} bytes of wasm memory, past its limit of ${MAX_PAGES * 65536}; setBackend('js') runs operands this large in ordinary arrays`);
  }
  try {
    memory.grow(Math.ceil((bytes - have) / 65536));
  } catch (e) {
    throw new Error(`wasm backend: could not grow wasm memory from ${have} to ${bytes} bytes (${(e as Error).message}); setBackend('js') runs without it`);
  }
}

/**
 * A bump allocator over the wasm memory for the operands of one kernel call: `mark()` before, `release()`
 * after, so nested calls (conv -> gemm) stack. The memory only grows; it is reused by every later call.
 */
export class Arena {
  private top: number;
  // Views over the whole memory, renewed only when it grows (reading memory.buffer is not cheap).
  private f32: Float32Array<ArrayBufferLike>;
  private i32: Int32Array<ArrayBufferLike>;

  constructor(private readonly memory: WebAssembly.Memory, base: number) {
    this.top = base;
    this.f32 = new Float32Array(memory.buffer);
    this.i32 = new Int32Array(memory.buffer);
  }

  mark(): number {
    return this.top;
  }

  release(mark: number): void {
    this.top = mark;
  }

  /** Reserves `bytes` (64-byte aligned, so SIMD loads and cache lines line up) and returns the offset. */
  alloc(bytes: number): number {
    const ptr = this.top;
    const end = ptr + Math.ceil(bytes / 64) * 64; // plain arithmetic: offsets pass 2^31, where bit operations wrap
    if (end > this.f32.length * 4) {
      growTo(this.memory, end);
      this.f32 = new Float32Array(this.memory.buffer);
      this.i32 = new Int32Array(this.memory.buffer);
    }
    this.top = end;
    return ptr;
  }

  /** A float32 view of `length` values at `ptr` (valid until the memory grows). */
  view(ptr: number, length: number): Float32Array<ArrayBufferLike> {
    return this.f32.subarray(ptr / 4, ptr / 4 + length);
  }

  /** An int32 view of `length` values at `ptr` (valid until the memory grows). */
  viewInt32(ptr: number, length: number): Int32Array<ArrayBufferLike> {
    return this.i32.subarray(ptr / 4, ptr / 4 + length);
  }

  /** Copies `data` in and returns its offset. */
  put(data: Float32Array): number {
    const ptr = this.alloc(data.length * 4);
    this.view(ptr, data.length).set(data);
    return ptr;
  }

  /**
   * Runs `body` (which puts operands, calls kernels and returns the offset of its result) and returns
   * a copy of the `length` floats there; everything `body` allocated is released.
   */
  compute(length: number, body: () => number): Float32Array {
    const mark = this.top;
    try {
      return this.take(body(), length);
    } finally {
      this.top = mark;
    }
  }

  /** A new (unshared) array holding the `length` floats at `ptr`. */
  take(ptr: number, length: number): Float32Array {
    // allocate + set: slice() of a view on shared memory takes a slow element-by-element path
    const out = new Float32Array(length);
    out.set(this.view(ptr, length));
    return out;
  }
}
