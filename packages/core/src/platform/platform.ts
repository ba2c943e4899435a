/** A started worker. */
export interface WorkerHandle {
  /** Stops it (a promise in Node, which resolves when it has stopped). */
  terminate(): unknown;
}

/**
 * What the library needs from the platform it runs on: the kernels' bytes, threads, the environment and a
 * text output. Node and browsers each implement it (`node.ts`, `browser.ts`); the package's `#platform`
 * import picks one by the `node` / `browser` conditions, so no other module touches a platform API.
 */
export interface Platform {
  /** 'node' or 'browser'. */
  readonly name: 'node' | 'browser';
  /** The kernels' bytes at `url`, now; null where they can only be loaded asynchronously. */
  readKernelsSync(url: URL): Uint8Array | null;
  /** The kernels' bytes at `url` (fetched in a browser). */
  readKernels(url: URL): Promise<Uint8Array>;
  /** Hardware threads (logical cores). */
  hardwareThreads(): number;
  /** Why kernels cannot be split across threads here, or null when they can. */
  threadsUnavailable(): string | null;
  /**
   * Starts a worker that runs `body` (plain JavaScript with `data` in scope); `onError` is called if it
   * fails to start or throws.
   */
  startWorker(body: string, data: unknown, onError: () => void): WorkerHandle;
  /** An environment variable (undefined where there are none). */
  env(name: string): string | undefined;
}
