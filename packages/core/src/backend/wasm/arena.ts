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
 * The wasm memory above the thread pool's control block: resident arrays at the bottom, then a bump
 * allocator for the operands of one kernel call: `mark()` before, `release()` after, so nested calls
 * (conv -> gemm) stack. The memory only grows; it is reused by every later call.
 *
 * Resident arrays (parameters and optimizer moments) live in wasm memory for good, so kernels read
 * them where they are instead of copying them in, and the optimizer updates them in place. Each is a
 * view over the shared memory (which stays valid when the memory grows, as an unshared memory's would
 * not), returned to a free list by size when the view is collected. They are placed only between
 * kernel calls, when the operand arena is empty and can start above them.
 */
export class Arena {
  private base: number; // where the operand arena starts: above every resident array
  private top: number;
  // Views over the whole memory, renewed only when it grows (reading memory.buffer is not cheap).
  private f32: Float32Array<ArrayBufferLike>;
  private i32: Int32Array<ArrayBufferLike>;
  private readonly residentOffsets = new WeakMap<object, number>();
  private readonly freeResident = new Map<number, number[]>(); // byte size -> offsets
  private readonly registry = new FinalizationRegistry<[number, number]>(([ptr, bytes]) => {
    const list = this.freeResident.get(bytes) ?? [];
    list.push(ptr);
    this.freeResident.set(bytes, list);
  });

  constructor(private readonly memory: WebAssembly.Memory, base: number, private readonly shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer) {
    this.base = base;
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
    this.reserve(end);
    this.top = end;
    return ptr;
  }

  private reserve(end: number): void {
    if (end <= this.f32.length * 4) return;
    growTo(this.memory, end);
    this.f32 = new Float32Array(this.memory.buffer);
    this.i32 = new Int32Array(this.memory.buffer);
  }

  /**
   * A zeroed float32 array of `length` values resident in wasm memory, or null where arrays cannot stay
   * there (an unshared memory, whose views a growth would detach) or not now (inside a kernel call).
   */
  resident(length: number): Float32Array | null {
    if (!this.shared || this.top !== this.base) return null;
    const bytes = Math.max(64, Math.ceil((length * 4) / 64) * 64);
    let ptr = this.freeResident.get(bytes)?.pop();
    if (ptr === undefined) {
      ptr = this.base;
      this.reserve(ptr + bytes);
      this.base = this.top = ptr + bytes;
    }
    const view = new Float32Array(this.memory.buffer, ptr, length);
    view.fill(0);
    this.residentOffsets.set(view, ptr);
    this.registry.register(view, [ptr, bytes]);
    return view;
  }

  /** Where `data` lives in wasm memory when it is a resident array (undefined otherwise). */
  residentOffset(data: object): number | undefined {
    return this.residentOffsets.get(data);
  }

  /** A float32 view of `length` values at `ptr` (valid until the memory grows). */
  view(ptr: number, length: number): Float32Array<ArrayBufferLike> {
    return this.f32.subarray(ptr / 4, ptr / 4 + length);
  }

  /** An int32 view of `length` values at `ptr` (valid until the memory grows). */
  viewInt32(ptr: number, length: number): Int32Array<ArrayBufferLike> {
    return this.i32.subarray(ptr / 4, ptr / 4 + length);
  }

  /** Copies int32 `data` in and returns its offset. */
  putInt32(data: Int32Array): number {
    const ptr = this.alloc(data.length * 4);
    this.viewInt32(ptr, data.length).set(data);
    return ptr;
  }

  /** The offset of `data` in wasm memory: where it lives if resident, else where it was copied in. */
  put(data: Float32Array): number {
    const resident = this.residentOffsets.get(data);
    if (resident !== undefined) return resident;
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
