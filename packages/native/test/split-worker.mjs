// A second JavaScript thread multiplying on the native backend at the same time as the test's own thread
// (native.test.ts): the add-on's sparse kernel has one helper thread, which only one caller may use at once.
import { parentPort, workerData } from 'node:worker_threads';
import { matmul, setBackend, tensor } from '@rectify/core';
import '@rectify/native';

setBackend('native');
const { a, aShape, b, bShape, transA, repeats } = workerData;
const results = [];
for (let i = 0; i < repeats; i++) results.push(Float32Array.from(matmul(tensor(a, aShape), tensor(b, bShape), transA, false).dataSync()));
parentPort.postMessage(results);
