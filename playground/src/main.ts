// The playground page: controls, live charts and the drawing pad. Training runs in a Web Worker.
import { ready, setWasmUrl } from '@rectify/rectify';
import type { ActivationName, FromWorker, LayerStats, ToWorker, TrainConfig } from './messages.js';
import { drawActivation } from './ui/activation-plot.js';
import { drawLines, drawLogBars, drawUnitMap } from './ui/charts.js';
import { DrawPad } from './ui/draw-pad.js';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const value = (id: string) => $<HTMLSelectElement>(id).value;

const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
const send = (m: ToWorker) => worker.postMessage(m);

const curves = { loss: [] as Array<[number, number]>, accuracy: [] as Array<[number, number]>, test: [] as Array<[number, number]> };
let steps = 0;
let state: 'idle' | 'training' | 'paused' = 'idle';

function config(): TrainConfig {
  return {
    activation: value('activation') as ActivationName,
    depth: Number(value('depth')),
    width: Number(value('width')),
    initializer: value('initializer') as TrainConfig['initializer'],
    optimizer: value('optimizer') as TrainConfig['optimizer'],
    learningRate: Number(value('learning-rate')),
    epochs: Number(value('epochs')),
    batchSize: 32,
    seed: 1,
  };
}

function setState(next: typeof state, status: string): void {
  state = next;
  $<HTMLButtonElement>('train').disabled = next !== 'idle';
  $<HTMLButtonElement>('pause').disabled = next === 'idle';
  $<HTMLButtonElement>('reset').disabled = next === 'idle';
  $('pause').textContent = next === 'paused' ? 'Resume' : 'Pause';
  $('status').textContent = status;
}

function showStats(layers: LayerStats[], gradNorms: Array<{ layer: string; norm: number }>): void {
  drawUnitMap($<HTMLCanvasElement>('unit-map'), layers);
  drawLogBars($<HTMLCanvasElement>('grad-norms'), gradNorms.map((g) => ({ label: g.layer, value: g.norm })));
  const pct = (v: number) => `${(100 * v).toFixed(0)}%`;
  const dead = $('dead');
  dead.textContent = layers.map((l) => `${l.layer} ${pct(l.deadFraction)}`).join(' · ');
  dead.dataset.max = String(Math.max(0, ...layers.map((l) => l.deadFraction)));
  $('sparsity').textContent = layers.map((l) => pct(l.sparsity)).join(' · ');
}

function showPrediction(probabilities: number[]): void {
  const best = probabilities.indexOf(Math.max(...probabilities));
  const out = $('prediction');
  out.textContent = `${best} (${(100 * probabilities[best]).toFixed(1)}%)`;
  out.dataset.digit = String(best);
  $('probabilities').innerHTML = probabilities.map((p, d) => `<span>${d}</span><div class="bar" style="width:${(100 * p).toFixed(1)}%"></div>`).join('');
}

worker.onmessage = (event: MessageEvent<FromWorker>) => {
  const m = event.data;
  switch (m.type) {
    case 'ready': {
      const mode = $('mode');
      const how = m.threads > 1 ? `${m.threads} threads (cross-origin isolated)` : m.isolated ? 'one thread' : 'one thread (not cross-origin isolated: no shared memory for worker threads)';
      mode.textContent = `Backend: ${m.backend}, ${how} · ${m.train} training and ${m.test} test digits`;
      mode.dataset.state = 'ready';
      mode.dataset.backend = m.backend;
      mode.dataset.threads = String(m.threads);
      setState('idle', 'Ready.');
      return;
    }
    case 'progress': {
      steps = m.epoch * m.steps + m.step;
      curves.loss.push([steps, m.loss]);
      curves.accuracy.push([steps, m.accuracy]);
      $('loss').textContent = m.loss.toFixed(4);
      $('accuracy').textContent = m.accuracy.toFixed(3);
      drawLines($<HTMLCanvasElement>('curves'), [
        { label: 'loss', color: '#d0503a', points: curves.loss },
        { label: 'accuracy', color: '#3a9a50', points: curves.accuracy },
        { label: 'test acc.', color: '#4a7bd0', points: curves.test },
      ], [0, Math.max(1, ...curves.loss.slice(-200).map(([, l]) => (Number.isFinite(l) ? Math.min(l, 5) : 0)))]);
      if (state !== 'paused') $('status').textContent = `Epoch ${m.epoch + 1}, batch ${m.step}/${m.steps}`;
      return;
    }
    case 'stats':
      return showStats(m.layers, m.gradNorms);
    case 'epoch': {
      curves.test.push([steps, m.testAccuracy]);
      const test = $('test-accuracy');
      test.textContent = m.testAccuracy.toFixed(3);
      test.dataset.value = String(m.testAccuracy);
      test.dataset.epoch = String(m.epoch + 1);
      return;
    }
    case 'done':
      setState('idle', m.reason === 'finished' ? 'Finished. Draw a digit.' : 'Reset.');
      return;
    case 'prediction':
      return showPrediction(m.probabilities);
    case 'summary':
      $('summary').textContent = m.text;
      return;
    case 'error':
      $('status').textContent = `Error: ${m.message}`;
      $('status').dataset.error = m.message;
      if (state !== 'idle' && /training|fit/.test(m.message)) setState('idle', `Error: ${m.message}`);
      return;
  }
};
worker.onerror = (e) => {
  $('mode').textContent = `The training worker failed: ${e.message}`;
  $('mode').dataset.state = 'error';
};

$('train').addEventListener('click', () => {
  curves.loss = [];
  curves.accuracy = [];
  curves.test = [];
  $('test-accuracy').dataset.value = '';
  setState('training', 'Starting…');
  send({ type: 'train', config: config() });
});
$('pause').addEventListener('click', () => {
  if (state === 'training') {
    send({ type: 'pause' });
    setState('paused', 'Paused.');
  } else if (state === 'paused') {
    send({ type: 'resume' });
    setState('training', 'Resumed.');
  }
});
$('reset').addEventListener('click', () => send({ type: 'reset' }));

const pad = new DrawPad($<HTMLCanvasElement>('pad'), () => {
  const pixels = pad.pixels();
  if (pixels) send({ type: 'predict', pixels });
});
$('clear').addEventListener('click', () => pad.clear());

$('load-url-form').addEventListener('submit', (e) => {
  e.preventDefault();
  send({ type: 'load-url', url: new URL($<HTMLInputElement>('model-url').value, location.href).href });
});
$<HTMLInputElement>('model-files').addEventListener('change', async (e) => {
  const files = [...((e.target as HTMLInputElement).files ?? [])];
  const json = files.find((f) => f.name.endsWith('.json'));
  if (!json) return void ($('status').textContent = 'Choose a model.json and its .bin weights files together.');
  const weights: Record<string, ArrayBuffer> = {};
  for (const f of files) if (f !== json) weights[f.name] = await f.arrayBuffer();
  send({ type: 'load-artifacts', modelJson: await json.text(), weights });
});

// The activation plot runs the library on this thread too (wasm, single-threaded: the main thread never waits on workers).
const plot = () => drawActivation($<HTMLCanvasElement>('activation-plot'), value('activation') as ActivationName);
$('activation').addEventListener('change', plot);
setWasmUrl('./kernels.wasm');
ready().then(plot, (e: Error) => ($('status').textContent = `Error: ${e.message}`));
