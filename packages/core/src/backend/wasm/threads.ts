import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { WasmModule } from './module.js';

// Each worker owns a 256-byte slot in the first page of the shared memory (above the module's statics):
// int32 [seq, done, fn, error, argc], then float64 arguments from byte 32.
export const CONTROL_BASE = 1024;
const SLOT_BYTES = 256;
const MAX_ARGS = 24;
const SEQ = 0, DONE = 1, FN = 2, ERROR = 3, ARGC = 4;

// A worker spins this many checks (tens of microseconds) before it sleeps: waking a sleeping thread
// costs 15-90 us, more than a whole small kernel, so back-to-back kernels find their workers awake.
const SPINS = 20000;

// The worker runs the same kernels on the same memory. Plain JavaScript, so it runs from src and dist alike.
const workerSource = `
const { workerData } = require('node:worker_threads');
const { module, memory, slot, names } = workerData;
const exports = new WebAssembly.Instance(module, { env: { memory } }).exports;
const fns = names.map((name) => exports[name]);
const ctl = new Int32Array(memory.buffer, slot, ${SLOT_BYTES / 4});
const args = new Float64Array(memory.buffer, slot + 32, ${MAX_ARGS});
let seen = 0;
for (;;) {
  let spins = 0;
  while (Atomics.load(ctl, ${SEQ}) === seen) {
    if (++spins > ${SPINS}) { Atomics.wait(ctl, ${SEQ}, seen); spins = 0; }
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
  private broken: string | null = null;
  private active = 1;

  constructor(private readonly wasm: WasmModule, names: readonly string[]) {
    this.names = [...names];
  }

  /** Threads a kernel may use, the calling one included. */
  get size(): number {
    return this.broken ? 1 : this.active;
  }

  /** Uses `n` threads; workers start when a kernel first needs them. 1 runs everything on the calling thread. */
  resize(n: number): void {
    const maxSlots = (65536 - CONTROL_BASE) / SLOT_BYTES;
    if (!Number.isInteger(n) || n < 1 || n > maxSlots) throw new Error(`setNumThreads: expected a whole number from 1 to ${maxSlots}, got ${n}`);
    this.active = n;
  }

  private spawn(): void {
    const slot = CONTROL_BASE + this.workers.length * SLOT_BYTES;
    const { module, memory } = this.wasm;
    const worker = new Worker(workerSource, { eval: true, workerData: { module, memory, slot, names: this.names } });
    worker.unref(); // idle workers never keep the process alive
    worker.on('error', (e) => (this.broken = `a kernel worker failed: ${e.message}`));
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
    while (this.workers.length < jobs.length - 1) this.spawn();
    for (let w = 1; w < jobs.length; w++) {
      const ctl = this.slots[w - 1];
      this.args[w - 1].set(jobs[w]);
      ctl[FN] = index;
      ctl[ARGC] = jobs[w].length;
      Atomics.add(ctl, SEQ, 1);
      Atomics.notify(ctl, SEQ);
    }
    f(...jobs[0]);
    let failed = false;
    for (let w = 1; w < jobs.length; w++) {
      const ctl = this.slots[w - 1];
      const seq = Atomics.load(ctl, SEQ);
      let spins = 0;
      for (let done = Atomics.load(ctl, DONE); done !== seq; done = Atomics.load(ctl, DONE)) {
        if (this.broken) throw new Error(this.broken);
        if (++spins > SPINS) Atomics.wait(ctl, DONE, done, 100);
      }
      failed ||= ctl[ERROR] !== 0;
    }
    if (failed) throw new Error(`${fn}: a kernel worker trapped (out-of-bounds operands?)`);
  }
}

/** Threads worth using here: all cores, up to four (kernels are split by rows; more rarely pays). */
export function defaultThreads(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}
