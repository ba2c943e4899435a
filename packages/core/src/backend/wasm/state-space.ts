import type { AdamHyper } from '../backend.js';
import { growTo } from './arena.js';
import { instantiate, type KernelExports } from './module.js';

/**
 * Optimizer slots (Adam's m and v) that live in wasm memory for good, so a fused update copies only the
 * parameter and its gradient in and the parameter out, not four arrays each way. They sit in a memory of
 * their own: the kernels' arena is reset on every call. When the optimizer that held a slot is collected,
 * the slot is recycled for the next one of the same size (wasm memory never shrinks).
 */
export class StateSpace {
  private readonly memory: WebAssembly.Memory;
  private readonly exports: KernelExports;
  private top = 65536; // above the module's static data
  private readonly free = new Map<number, number[]>(); // byte size -> offsets
  private readonly offsets = new WeakMap<Float32Array, number>();
  private readonly registry = new FinalizationRegistry<[number, number]>(([ptr, bytes]) => {
    const list = this.free.get(bytes) ?? [];
    list.push(ptr);
    this.free.set(bytes, list);
  });

  private f32: Float32Array<ArrayBufferLike>; // over the whole memory, renewed when it grows

  constructor(module: WebAssembly.Module, shared = true) {
    ({ memory: this.memory, exports: this.exports } = instantiate(module, shared));
    this.f32 = new Float32Array(this.memory.buffer);
  }

  /** Grows the memory to `bytes` if needed, keeping the whole-memory view current. */
  private reserve(bytes: number): void {
    if (bytes <= this.f32.length * 4) return;
    growTo(this.memory, bytes);
    this.f32 = new Float32Array(this.memory.buffer);
  }

  /** A zeroed float32 slot of `size` values, updatable by `adam` without copies. */
  allocate(size: number): Float32Array {
    const bytes = Math.max(64, Math.ceil((size * 4) / 64) * 64);
    let ptr = this.free.get(bytes)?.pop();
    if (ptr === undefined) {
      ptr = this.top;
      this.reserve(ptr + bytes);
      this.top += bytes;
    }
    const view = this.f32.subarray(ptr / 4, ptr / 4 + size) as Float32Array;
    view.fill(0);
    this.offsets.set(view, ptr);
    this.registry.register(view, [ptr, bytes]);
    return view;
  }

  /** Whether `x` is a slot of this space (and so usable by `adam`). */
  owns(x: unknown): x is Float32Array {
    return x instanceof Float32Array && this.offsets.has(x);
  }

  /** The fused Adam step on `p` in place; `m` and `v` must be slots of this space. */
  adam(p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, h: AdamHyper): void {
    const n = p.length;
    // p and g go just above the slots (scratch: nothing else lives there between calls)
    const pp = Math.ceil(this.top / 64) * 64;
    const pg = pp + Math.ceil((n * 4) / 64) * 64;
    this.reserve(pg + n * 4);
    const f32 = this.f32;
    f32.set(p, pp / 4);
    f32.set(g, pg / 4);
    const alpha = (h.lr * Math.sqrt(h.biasCorrection2)) / h.biasCorrection1;
    this.exports.adam(pp, pg, this.offsets.get(m)!, this.offsets.get(v)!, n, alpha, h.beta1, h.beta2, h.epsilon);
    p.set(f32.subarray(pp / 4, pp / 4 + n));
  }
}
