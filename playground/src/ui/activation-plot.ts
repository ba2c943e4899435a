import { elu, gelu, grad, leakyRelu, linspace, relu, sigmoid, sum, swish, type Tensor } from '@rectify/rectify';
import type { ActivationName } from '../messages.js';
import { drawLines } from './charts.js';

// PReLU starts as a leaky ReLU with alpha 0.25 (its learnable slope's initial value).
const FUNCTIONS: Record<ActivationName, (x: Tensor) => Tensor> = {
  relu: (x) => relu(x),
  leakyRelu: (x) => leakyRelu(x),
  prelu: (x) => leakyRelu(x, 0.25),
  elu: (x) => elu(x),
  swish: (x) => swish(x),
  gelu: (x) => gelu(x),
  sigmoid: (x) => sigmoid(x),
};

/** The activation and its derivative on [-4, 4], the derivative taken by the library's autograd. */
export function drawActivation(canvas: HTMLCanvasElement, name: ActivationName): void {
  const f = FUNCTIONS[name];
  const x = linspace(-4, 4, 161);
  const y = f(x).dataSync();
  const dy = (grad((t: Tensor) => sum(f(t)))(x) as Tensor).dataSync();
  const xs = Array.from(x.dataSync());
  drawLines(canvas, [
    { label: 'f(x)', color: '#d0503a', points: xs.map((v, i) => [v + 4, y[i]]) },
    { label: "f'(x)", color: '#4a7bd0', points: xs.map((v, i) => [v + 4, dy[i]]) },
  ], [-1.5, 4]);
}
