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
    this.top = ptr + ((bytes + 63) & ~63);
    const need = this.top - this.f32.length * 4;
    if (need > 0) {
      this.memory.grow(Math.ceil(need / 65536));
      this.f32 = new Float32Array(this.memory.buffer);
      this.i32 = new Int32Array(this.memory.buffer);
    }
    return ptr;
  }

  /** A float32 view of `length` values at `ptr` (valid until the memory grows). */
  view(ptr: number, length: number): Float32Array<ArrayBufferLike> {
    return this.f32.subarray(ptr >> 2, (ptr >> 2) + length);
  }

  /** An int32 view of `length` values at `ptr` (valid until the memory grows). */
  viewInt32(ptr: number, length: number): Int32Array<ArrayBufferLike> {
    return this.i32.subarray(ptr >> 2, (ptr >> 2) + length);
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
