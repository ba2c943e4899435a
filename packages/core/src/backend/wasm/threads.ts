import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { WasmModule } from './module.js';

// Each worker owns a 256-byte slot in the first page of the shared memory, above the module's static
// data (its math tables): int32 [seq, done, fn, error, argc], then float64 arguments from byte 32.
// The arena starts at the second page.
export const ARENA_BASE = 65536;
const SLOT_BYTES = 256;
const MAX_ARGS = 24;
const SEQ = 0, DONE = 1, FN = 2, ERROR = 3, ARGC = 4, DEAD = 5;

// After a job a worker keeps checking for the next one this long before it sleeps: waking a sleeping
// thread costs 15-170 us, more than a whole small kernel, and in a training step the next product
// comes within a millisecond, so it finds its worker awake (dispatch then costs ~3 us).
const SPIN_MS = 1;
// The calling thread waits for workers this many checks before it sleeps (their shares end together).
const SPINS = 20000;

// The worker runs the same kernels on the same memory. Plain JavaScript, so it runs from src and dist alike.
const workerSource = `
const { workerData } = require('node:worker_threads');
const { module, memory, slot, names } = workerData;
const ctl = new Int32Array(memory.buffer, slot, ${SLOT_BYTES / 4});
const args = new Float64Array(memory.buffer, slot + 32, ${MAX_ARGS});
let fns;
try {
  const exports = new WebAssembly.Instance(module, { env: { memory } }).exports;
  fns = names.map((name) => exports[name]);
} catch (e) {
  Atomics.store(ctl, ${DEAD}, 1); // the calling thread then does this worker's share itself
  Atomics.notify(ctl, ${DONE});
  throw e;
}
let seen = 0;
for (;;) {
  const since = performance.now();
  for (let spins = 1; Atomics.load(ctl, ${SEQ}) === seen; spins++) {
    if ((spins & 1023) === 0 && performance.now() - since > ${SPIN_MS}) Atomics.wait(ctl, ${SEQ}, seen);
  }
  seen = Atomics.load(ctl, ${SEQ});
  try {
    fns[ctl[${FN}]](...args.subarray(0, ctl[${ARGC}]));
    ctl[${ERROR}] = 0;
  } catch (e) {
    ctl[${ERROR}] = 1;
  }
  Atomics.store(ctl, ${DONE}, seen);
  Atomics.notify(ctl, ${DONE});
}
`;

/**
 * A persistent pool of worker threads that run kernel exports on row ranges of the same job. The
 * calling thread always takes a share itself, and calls stay synchronous: it blocks until all are done.
 */
export class ThreadPool {
  private readonly workers: Worker[] = [];
  private readonly slots: Int32Array[] = [];
  private readonly args: Float64Array[] = [];
  private readonly names: string[];
  private broken = false; // a worker died: everything runs on the calling thread from then on
  private active = 1;
  private readonly controlBase: number;

  constructor(private readonly wasm: WasmModule, names: readonly string[]) {
    this.names = [...names];
    this.controlBase = Math.ceil(wasm.exports.heapBase() / SLOT_BYTES) * SLOT_BYTES;
  }

  /** Threads a kernel may use, the calling one included. */
  get size(): number {
    return this.broken ? 1 : this.active;
  }

  /**
   * Uses `n` threads (1 runs everything on the calling thread). Missing workers start now, in the
   * background: a worker takes ~60 ms to boot, which the first kernel should not wait for.
   */
  resize(n: number): void {
    const maxSlots = (ARENA_BASE - this.controlBase) / SLOT_BYTES;
    if (!Number.isInteger(n) || n < 1 || n > maxSlots) throw new Error(`setNumThreads: expected a whole number from 1 to ${maxSlots}, got ${n}`);
    while (this.workers.length < n - 1) this.spawn();
    this.active = n;
  }

  private spawn(): void {
    const slot = this.controlBase + this.workers.length * SLOT_BYTES;
    const { module, memory } = this.wasm;
    const worker = new Worker(workerSource, { eval: true, workerData: { module, memory, slot, names: this.names } });
    worker.unref(); // idle workers never keep the process alive
    worker.on('error', () => (this.broken = true));
    this.workers.push(worker);
    this.slots.push(new Int32Array(memory.buffer, slot, SLOT_BYTES / 4));
    this.args.push(new Float64Array(memory.buffer, slot + 32, MAX_ARGS));
  }

  /**
   * Runs `fn` once per argument list: the first on this thread, the others on workers, in parallel.
   * At most `size` lists; returns when every one has finished.
   */
  run(fn: string, jobs: readonly (readonly number[])[]): void {
    const f = this.wasm.exports[fn] as (...a: number[]) => void;
    if (jobs.length > this.size) throw new Error(`ThreadPool: ${jobs.length} jobs for ${this.size} threads`);
    const index = this.names.indexOf(fn);
    if (jobs.length > 1 && index < 0) throw new Error(`ThreadPool: '${fn}' is not a threaded kernel`);
    for (let w = 1; w < jobs.length; w++) {
      const ctl = this.slots[w - 1];
      this.args[w - 1].set(jobs[w]);
      ctl[FN] = index;
      ctl[ARGC] = jobs[w].length;
      Atomics.add(ctl, SEQ, 1);
      Atomics.notify(ctl, SEQ);
    }
    let trap: unknown = null;
    try {
      f(...jobs[0]);
    } catch (e) {
      trap = e; // wait for the workers all the same: they are still writing into the shared memory
    }
    let failed = false;
    for (let w = 1; w < jobs.length; w++) {
      const ctl = this.slots[w - 1];
      const seq = Atomics.load(ctl, SEQ);
      let spins = 0;
      for (let done = Atomics.load(ctl, DONE); done !== seq; done = Atomics.load(ctl, DONE)) {
        if (Atomics.load(ctl, DEAD)) break;
        if (++spins > SPINS) Atomics.wait(ctl, DONE, done, 100);
      }
      if (Atomics.load(ctl, DEAD)) {
        this.broken = true;
        f(...jobs[w]);
      } else failed ||= ctl[ERROR] !== 0;
    }
    if (trap) throw trap;
    if (failed) throw new Error(`${fn}: a kernel worker trapped (out-of-bounds operands?)`);
  }
}

/** Threads worth using here: all cores, up to four (kernels are split by rows; more rarely pays). */
export function defaultThreads(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}
