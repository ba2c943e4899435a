import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** The add-on's functions (addon/rectify_native.c, addon/pointwise.c). */
export interface NativeAddon {
  sgemm(a: Float32Array, aOffset: number, transA: number, b: Float32Array, bOffset: number, transB: number, c: Float32Array, cOffset: number, m: number, n: number, k: number): void;
  conv2d(x: Float32Array, w: Float32Array, out: Float32Array, geometry: Int32Array): void;
  conv2dBackpropInput(dy: Float32Array, w: Float32Array, dx: Float32Array, geometry: Int32Array): void;
  conv2dBackpropFilter(x: Float32Array, dy: Float32Array, dw: Float32Array, geometry: Int32Array): void;
  /** out[i] = max(x[i] + bias[i % bias.length], 0); out may be x. */
  addRelu(x: Float32Array, bias: Float32Array, out: Float32Array): void;
  /** out[i] = y[i] > 0 ? dy[i] : 0. */
  reluGrad(dy: Float32Array, y: Float32Array, out: Float32Array): void;
  /** dz = dy where y > 0 (else 0) over rows of dbias.length, and dbias = dz summed over the rows. */
  reluGradBias(dy: Float32Array, y: Float32Array, dz: Float32Array, dbias: Float32Array): void;
  /** One Adam step in place; alpha has the bias corrections folded in. */
  adam(p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, alpha: number, beta1: number, beta2: number, epsilon: number): void;
  setThreads(n: number): void;
  getThreads(): number;
  /** [products split between the calling thread and the helper thread, products the helper took rows of] since loading. */
  splitCounts(): [number, number];
  /** Whether loading set glibc's allocator to keep large blocks' pages mapped (addon/heap.c; NativeStatus.keepsHeapPages). */
  keepsHeapPages(): boolean;
  config(): string;
}

/** Whether the native add-on loaded, and if not, why. */
export type NativeStatus =
  | {
      available: true;
      /** OpenBLAS's build configuration. */
      config: string;
      /**
       * Whether loading the add-on set glibc's allocator to serve blocks up to 32 MiB from its heap and keep
       * up to 256 MiB free at the top of each heap, so the large result arrays of products reuse pages
       * already mapped instead of faulting in fresh ones. False off glibc, when the allocator was tuned
       * (GLIBC_TUNABLES with glibc.malloc.*, MALLOC_MMAP_THRESHOLD_, MALLOC_TRIM_THRESHOLD_), or with
       * RECTIFY_NATIVE_KEEP_HEAP=0.
       */
      keepsHeapPages: boolean;
    }
  | { available: false; reason: string };

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const addonPath = here('../addon/build/Release/rectify_native.node');

function load(): { addon: NativeAddon | null; status: NativeStatus } {
  if (!existsSync(addonPath)) {
    const recorded = here('../addon/build/not-built.txt');
    const why = existsSync(recorded) ? readFileSync(recorded, 'utf8').trim() : 'the add-on has not been compiled (run pnpm build:native)';
    return { addon: null, status: { available: false, reason: `not built: ${why}` } };
  }
  try {
    const addon = createRequire(import.meta.url)(addonPath) as NativeAddon;
    return { addon, status: { available: true, config: addon.config(), keepsHeapPages: addon.keepsHeapPages() } };
  } catch (e) {
    // built on another machine, or libopenblas removed since
    return { addon: null, status: { available: false, reason: `not loadable: ${(e as Error).message.split('\n')[0]}` } };
  }
}

/** The loaded add-on (null when unavailable) and its status, found once at import. */
export const { addon, status } = load();
