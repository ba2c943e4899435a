// A test page that uses the library as an application would: the `@rectify/rectify` package, resolved by the
// bundler through its `browser` conditions.
import * as rf from '@rectify/rectify';
import { seededTraining } from '../training-run.js';

const input = () => rf.tensor(Array.from({ length: 12 }, (_, i) => Math.sin(i + 0.5)), [3, 4]);

async function start(): Promise<string> {
  const before = rf.getBackendName();
  rf.setWasmUrl('./kernels.wasm');
  await rf.ready();
  return before;
}

/** The message of the error `promise` rejects with, or 'resolved'. */
const failure = (promise: Promise<unknown>) => promise.then(() => 'resolved', (e: Error) => e.message);

(globalThis as { rectifyModel?: unknown }).rectifyModel = {
  async train() {
    const backendBeforeReady = await start();
    const progress: Array<{ epoch: number; loss: number; epochEnd: boolean }> = [];
    const loss = await seededTraining(rf);
    // the page-facing progress callback on a short extra run
    const model = new rf.Sequential({ layers: [new rf.Dense({ units: 4, inputShape: [4] })] });
    model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    await model.fit(input(), rf.zeros([3, 4]), { epochs: 2, batchSize: 1, verbose: 0, callbacks: [new rf.ProgressReport((p) => progress.push({ epoch: p.epoch, loss: p.logs.loss, epochEnd: p.epochEnd }), 0)] });
    // fit's default progress (verbose 1): one line per epoch to the console, as there is no stdout
    const lines: string[] = [];
    const log = console.log;
    console.log = (...args: unknown[]) => void lines.push(args.join(' '));
    try {
      await model.fit(input(), rf.zeros([3, 4]), { epochs: 2, batchSize: 3 });
    } finally {
      console.log = log;
    }
    return { backendBeforeReady, backend: rf.getBackendName(), threads: rf.getNumThreads(), loss, progress, lines };
  },

  /** Predictions of the model served at `url` (by http), and how the I/O schemes behave. */
  async io(base: string) {
    await start();
    const fromHttp = await rf.loadModel(`${base}/models/good/model.json`);
    rf.setSeed(4);
    const model = new rf.Sequential({ layers: [new rf.Dense({ units: 6, activation: 'relu', inputShape: [4] }), new rf.Dense({ units: 2 })] });
    model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
    const expected = Array.from(model.predict(input()).values);
    const saved = await model.save('indexeddb://round-trip');
    const fromIndexedDb = await rf.loadModel('indexeddb://round-trip');
    await model.save('localstorage://round-trip');
    const fromLocalStorage = await rf.loadModel('localstorage://round-trip');
    return {
      http: Array.from(fromHttp.predict(input()).values),
      expected,
      saved,
      indexedDb: Array.from(fromIndexedDb.predict(input()).values),
      localStorage: Array.from(fromLocalStorage.predict(input()).values),
      truncated: await failure(rf.loadModel(`${base}/models/truncated/model.json`)),
      missing: await failure(rf.loadModel('indexeddb://never-saved')),
      filePath: await failure(rf.loadModel('models/good')),
    };
  },

  /** Saves to downloads:// (the test catches the two files). */
  async download(name: string) {
    await start();
    rf.setSeed(4);
    const model = new rf.Sequential({ layers: [new rf.Dense({ units: 2, inputShape: [3] })] });
    return model.save(`downloads://${name}`);
  },
};
