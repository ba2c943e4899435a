// The training side of the playground: a Web Worker, so the page stays responsive. With cross-origin
// isolation the wasm kernels also use threads here (a worker may wait on its own workers).
import { Adam, Callback, SGD, getBackendName, getNumThreads, loadModel, ready, setSeed, setWasmUrl, tensor, type Model, type Sequential, type Tensor } from '@rectify/rectify';
import { loadDigits, type Digits } from '../mnist.js';
import type { FromWorker, ToWorker, TrainConfig } from '../messages.js';
import { buildNetwork } from '../network.js';
import { hiddenLayerStats, layerGradientNorms } from './stats.js';

const scope = globalThis as unknown as { postMessage(m: FromWorker): void; onmessage: ((e: { data: ToWorker }) => void) | null; crossOriginIsolated?: boolean };
const post = (m: FromWorker) => scope.postMessage(m);
const STATS_EVERY = 10; // batches between dead-unit and gradient snapshots

// A message to itself is a task without the 4 ms clamp of nested timers.
const channel = new MessageChannel();
function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => {
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(0);
  });
}

let paused = false;
let resetAsked = false;
let training = false;
let current: Model | null = null;

const oneHot = (labels: Uint8Array) => {
  const out = new Float32Array(labels.length * 10);
  labels.forEach((l, i) => (out[i * 10 + l] = 1));
  return tensor(out, [labels.length, 10]);
};
const images = (d: Digits) => tensor(d.pixels, [d.count, 784]);

function accuracy(model: Model, x: Tensor, labels: Uint8Array): number {
  const p = (model.predict(x) as Tensor).dataSync();
  let right = 0;
  for (let i = 0; i < labels.length; i++) {
    let best = 0;
    for (let k = 1; k < 10; k++) if (p[i * 10 + k] > p[i * 10 + best]) best = k;
    if (best === labels[i]) right++;
  }
  return right / labels.length;
}

const setup = (async () => {
  setWasmUrl('./kernels.wasm');
  await ready();
  const digits = await loadDigits('./mnist.bin');
  post({ type: 'ready', backend: getBackendName(), threads: getNumThreads(), isolated: scope.crossOriginIsolated === true, train: digits.train.count, test: digits.test.count });
  return { ...digits, xTest: images(digits.test) };
})();

/** Reports progress and layer statistics, and lets pause, reset and predictions in between batches. */
class Reporter extends Callback {
  private last = 0;
  constructor(private readonly net: Sequential, private readonly probe: { x: Tensor; y: Tensor }, private readonly test: { x: Tensor; labels: Uint8Array }) {
    super();
  }

  override async onBatchEnd(batch: number, logs: Record<string, number> = {}): Promise<void> {
    const now = performance.now();
    if (now - this.last > 50 || batch === 0) {
      this.last = now;
      post({ type: 'progress', epoch: this.epoch, step: batch + 1, steps: this.params?.steps ?? 0, loss: logs.loss, accuracy: logs.accuracy ?? logs.acc ?? NaN });
    }
    if (batch % STATS_EVERY === 0) this.snapshot(batch);
    // a task, so messages (pause, reset, predict) are handled during training
    await yieldToEvents();
    while (paused && !resetAsked) await new Promise((resolve) => setTimeout(resolve, 50));
    if (resetAsked) this.net.stopTraining = true;
  }

  private epoch = 0;
  override async onEpochBegin(epoch: number): Promise<void> {
    this.epoch = epoch;
  }

  override async onEpochEnd(epoch: number, logs: Record<string, number> = {}): Promise<void> {
    this.snapshot(-1);
    post({ type: 'epoch', epoch, loss: logs.loss, accuracy: logs.accuracy ?? logs.acc ?? NaN, testAccuracy: accuracy(this.net, this.test.x, this.test.labels) });
  }

  private snapshot(step: number): void {
    post({ type: 'stats', step, layers: hiddenLayerStats(this.net, this.probe.x), gradNorms: layerGradientNorms(this.net, this.probe.x, this.probe.y) });
  }
}

async function train(config: TrainConfig): Promise<void> {
  const data = await setup;
  training = true;
  resetAsked = false;
  paused = false;
  setSeed(config.seed);
  const net = buildNetwork(config);
  current = net;
  const optimizer = config.optimizer === 'adam' ? new Adam({ learningRate: config.learningRate }) : new SGD({ learningRate: config.learningRate });
  net.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const probeCount = Math.min(256, data.test.count);
  const probe = { x: images({ pixels: data.test.pixels.subarray(0, probeCount * 784), labels: data.test.labels.subarray(0, probeCount), count: probeCount }), y: oneHot(data.test.labels.subarray(0, probeCount)) };
  const reporter = new Reporter(net, probe, { x: data.xTest, labels: data.test.labels });
  try {
    await net.fit(images(data.train), oneHot(data.train.labels), { epochs: config.epochs, batchSize: config.batchSize, seed: config.seed, verbose: 0, callbacks: [reporter] });
    post({ type: 'done', reason: resetAsked ? 'reset' : 'finished' });
  } finally {
    training = false;
  }
}

async function showLoaded(model: Model): Promise<void> {
  current = model;
  post({ type: 'summary', text: model.summary(), inputShape: [...(model.inputs[0]?.shape ?? [])] });
}

function predict(pixels: number[]): void {
  if (!current) throw new Error('no model yet: train one or load a model.json');
  const shape = current.inputs[0]?.shape ?? [null, 784];
  const x = tensor(pixels, [1, ...shape.slice(1).map((d) => d ?? 1)] as number[]);
  post({ type: 'prediction', probabilities: Array.from((current.predict(x) as Tensor).dataSync()) });
}

async function handle(message: ToWorker): Promise<void> {
  switch (message.type) {
    case 'train':
      if (training) throw new Error('training is already running; reset it first');
      return train(message.config);
    case 'pause':
      paused = true;
      return;
    case 'resume':
      paused = false;
      return;
    case 'reset':
      resetAsked = true;
      paused = false;
      return;
    case 'predict':
      return predict(message.pixels);
    case 'load-url':
      await setup;
      return showLoaded(await loadModel(message.url));
    case 'load-artifacts': {
      await setup;
      const json = JSON.parse(message.modelJson);
      const paths: string[] = (json.weightsManifest ?? []).flatMap((g: { paths: string[] }) => g.paths);
      const missing = paths.filter((p) => !(p in message.weights));
      if (missing.length) throw new Error(`model.json lists weights files that were not chosen: ${missing.join(', ')}`);
      const weightData = paths.map((p) => message.weights[p]);
      const weightSpecs = (json.weightsManifest ?? []).flatMap((g: { weights: unknown[] }) => g.weights);
      return showLoaded(await loadModel({ modelTopology: json.modelTopology, weightSpecs, weightData, trainingConfig: json.trainingConfig } as never));
    }
  }
}

scope.onmessage = (event) => {
  handle(event.data).catch((e: Error) => post({ type: 'error', message: e.message }));
};
setup.catch((e: Error) => post({ type: 'error', message: e.message }));
