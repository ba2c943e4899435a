// A second JavaScript thread multiplying on the native backend at the same time as the test's own thread
// (native.test.ts): the add-on's sparse kernel has one helper thread, which only one caller may use at once.
// Both threads start together at a barrier in shared memory, then each runs the same products.
import { parentPort, workerData } from 'node:worker_threads';
import { matmul, setBackend, tensor } from '@rectify/core';
import '@rectify/native';

setBackend('native');
const { a, aShape, b, bShape, repeats, barrier } = workerData;
const gate = new Int32Array(barrier);
Atomics.add(gate, 0, 1);
Atomics.notify(gate, 0);
while (Atomics.load(gate, 0) < 2) Atomics.wait(gate, 0, 1, 1000); // until the test's thread is ready too
const results = [];
for (let i = 0; i < repeats; i++) results.push(Float32Array.from(matmul(tensor(a, aShape), tensor(b, bShape)).dataSync()));
parentPort.postMessage(results);
