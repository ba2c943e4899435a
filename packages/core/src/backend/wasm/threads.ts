import { platform } from '#platform';
import type { WorkerHandle } from '../../platform/platform.js';
import type { WasmModule } from './module.js';

// Each worker owns a 256-byte slot in the first page of the shared memory, above the module's static
// data (its math tables): int32 [seq, claim, done, fn, error, argc, dead, alive], then float64 arguments from
// byte 32. seq counts the jobs posted to the slot, claim the last one taken (by the worker or back by
// the caller), done the last one the worker finished. The arena starts at the second page.
export const ARENA_BASE = 65536;
const SLOT_BYTES = 256;
const MAX_ARGS = 24;
const SEQ = 0, CLAIM = 1, DONE = 2, FN = 3, ERROR = 4, ARGC = 5, DEAD = 6, ALIVE = 7;

// After a job a worker keeps checking for the next one this long before it sleeps: waking a sleeping
// thread costs 15-170 us, more than a whole small kernel, and in a training step the next product
// comes within a millisecond, so it finds its worker awake (dispatch then costs ~3 us).
const SPIN_MS = 1;
// The calling thread checks on a claimed share this many times before it sleeps (shares end together).
const SPINS = 20000;

// The worker runs the same kernels on the same memory. Plain JavaScript, so it runs from src and dist
// alike; the platform hands it its start data as `data` (Node's workerData, a browser's first message).
const workerSource = `
const { module, memory, slot, names } = data;
const ctl = new Int32Array(memory.buffer, slot, ${SLOT_BYTES / 4});
const args = new Float64Array(memory.buffer, slot + 32, ${MAX_ARGS});
let fns;
try {
  const exports = new WebAssembly.Instance(module, { env: { memory } }).exports;
  fns = names.map((name) => exports[name]);
  Atomics.store(ctl, ${ALIVE}, 1);
} catch (e) {
  Atomics.store(ctl, ${DEAD}, 1); // it never claims a job, so the caller takes each one back
  throw e;
}
let seen = 0;
for (;;) {
  const since = performance.now();
  for (let spins = 1; Atomics.load(ctl, ${SEQ}) === seen; spins++) {
    if ((spins & 1023) === 0 && performance.now() - since > ${SPIN_MS}) Atomics.wait(ctl, ${SEQ}, seen);
  }
  seen = Atomics.load(ctl, ${SEQ});
  if (Atomics.compareExchange(ctl, ${CLAIM}, seen - 1, seen) !== seen - 1) continue; // the caller ran it
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
 * calling thread always runs the first share itself and calls stay synchronous: it blocks until all
 * are done. A share no worker has claimed by then (a worker still booting, asleep, or unable to start)
 * it takes back and runs itself, so no call ever waits on a worker that is not working for it.
 */
export class ThreadPool {
  private readonly workers: WorkerHandle[] = [];
  private readonly slots: Int32Array[] = [];
  private readonly args: Float64Array[] = [];
  private readonly names: string[];
  private broken = false; // a worker could not start: everything runs on the calling thread from then on
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

  /** The most threads `resize` accepts (worker slots that fit below the arena). */
  get maxSize(): number {
    return (ARENA_BASE - this.controlBase) / SLOT_BYTES;
  }

  /** Uses `n` threads (1 runs everything on the calling thread); workers start when a kernel first needs them. */
  resize(n: number): void {
    if (!Number.isInteger(n) || n < 1 || n > this.maxSize) throw new Error(`setNumThreads: expected a whole number from 1 to ${this.maxSize}, got ${n}`);
    const unavailable = n === 1 ? null : this.wasm.shared ? platform.threadsUnavailable() : 'WebAssembly memory cannot be shared here (browsers may allow it only in cross-origin isolated pages)';
    if (unavailable) throw new Error(`setNumThreads: cannot use ${n} threads: ${unavailable}`);
    this.active = n;
  }

  private spawn(): void {
    const slot = this.controlBase + this.workers.length * SLOT_BYTES;
    const { module, memory } = this.wasm;
    this.workers.push(platform.startWorker(workerSource, { module, memory, slot, names: this.names }, () => (this.broken = true)));
    this.slots.push(new Int32Array(memory.buffer, slot, SLOT_BYTES / 4));
    this.args.push(new Float64Array(memory.buffer, slot + 32, MAX_ARGS));
  }

  /**
   * Starts the workers `size` calls for and resolves once each is running (or has failed), without
   * blocking. A browser starts a worker only while the thread that created it returns to its event
   * loop, so a kernel called right after a synchronous start would find none; Node's start by
   * themselves, and stay lazily started there.
   */
  async warmUp(timeoutMs = 10_000): Promise<void> {
    if (platform.name !== 'browser' || this.broken) return;
    while (this.workers.length < this.size - 1) this.spawn();
    const since = Date.now();
    const waiting = () => this.slots.some((ctl) => Atomics.load(ctl, ALIVE) === 0 && Atomics.load(ctl, DEAD) === 0);
    while (waiting() && !this.broken && Date.now() - since < timeoutMs) await new Promise((resolve) => setTimeout(resolve, 2));
  }

  /**
   * Runs `fn` once per argument list, in parallel: the first on this thread, the others offered to
   * workers. At most `size` lists; returns when every one has finished.
   */
  run(fn: string, jobs: readonly (readonly number[])[]): void {
    const f = this.wasm.exports[fn] as (...a: number[]) => void;
    if (typeof f !== 'function') throw new Error(`ThreadPool: the kernels have no export '${fn}'`);
    if (jobs.length > this.size) throw new Error(`ThreadPool: ${jobs.length} jobs for ${this.size} threads`);
    const index = this.names.indexOf(fn);
    if (jobs.length > 1 && index < 0) throw new Error(`ThreadPool: '${fn}' is not a threaded kernel`);
    while (this.workers.length < jobs.length - 1) this.spawn();
    const posted: number[] = [];
    for (let w = 1; w < jobs.length; w++) {
      const ctl = this.slots[w - 1];
      this.args[w - 1].set(jobs[w]);
      ctl[FN] = index;
      ctl[ARGC] = jobs[w].length;
      posted.push(Atomics.add(ctl, SEQ, 1) + 1);
      Atomics.notify(ctl, SEQ);
    }
    let trap: unknown = null;
    const attempt = (job: readonly number[]) => {
      try {
        f(...job);
      } catch (e) {
        trap ??= e; // finish the other shares all the same: workers are still writing into the shared memory
      }
    };
    attempt(jobs[0]);
    let failed = false;
    for (let w = 1; w < jobs.length; w++) {
      const ctl = this.slots[w - 1];
      const seq = posted[w - 1];
      if (Atomics.compareExchange(ctl, CLAIM, seq - 1, seq) === seq - 1) {
        if (Atomics.load(ctl, DEAD)) this.broken = true;
        attempt(jobs[w]); // no worker took it: run it here rather than wait for one
        continue;
      }
      let spins = 0;
      for (let done = Atomics.load(ctl, DONE); done !== seq; done = Atomics.load(ctl, DONE)) {
        if (++spins > SPINS) Atomics.wait(ctl, DONE, done, 100);
      }
      failed ||= ctl[ERROR] !== 0;
    }
    if (trap) throw trap;
    if (failed) throw new Error(`${fn}: a kernel trapped on a worker thread (out-of-bounds operands?)`);
  }
}

/**
 * Threads worth using here: all cores, up to four (kernels are split by rows; more rarely pays); one
 * where the platform cannot run them (a page's main thread, a page that is not cross-origin isolated).
 */
export function defaultThreads(): number {
  if (platform.threadsUnavailable()) return 1;
  return Math.max(1, Math.min(4, platform.hardwareThreads()));
}
