import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Platform } from './platform.js';

/** Node: the kernels read from the package's files, threads from `worker_threads`. */
export const platform: Platform = {
  name: 'node',
  // synchronous, so `import` alone gives the wasm backend in Node
  readKernelsSync: (url) => readFileSync(fileURLToPath(url)),
  readKernels: (url) => readFile(fileURLToPath(url)),
  hardwareThreads: () => availableParallelism(),
  threadsUnavailable: () => null,
  startWorker(body, data, onError) {
    const source = `const { workerData } = require('node:worker_threads');\n(function (data) {\n${body}\n})(workerData);`;
    const worker = new Worker(source, { eval: true, workerData: data });
    worker.unref(); // idle workers never keep the process alive
    worker.on('error', onError);
    return worker;
  },
  env: (name) => process.env[name],
};
