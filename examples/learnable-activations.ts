// PReLU's alpha and Swish's beta are weights like any other: watch them move while a network learns.
// Targets come from y = x for x > 0 and 0.25 x below, so PReLU's alpha should travel from 0 toward 0.25.
import { Adam, PReLU, Swish, initializers, losses, randomUniform, setSeed, where, type Layer } from '@rectify/rectify';

setSeed(0);
const x = randomUniform([256, 1], { minval: -3, maxval: 3 });
const leaky = where(x.greater(0), x, x.mul(0.25));
const swishTarget = x.mul(x.mul(2).sigmoid()); // x * sigmoid(2x): Swish with beta = 2

function train(layer: Layer, target: typeof x, read: () => string): void {
  layer.apply(x); // builds the weight
  const opt = new Adam({ learningRate: 0.05 });
  for (let step = 0; step <= 200; step++) {
    opt.zeroGrad(layer.trainableWeights);
    const loss = losses.meanSquaredError(target, layer.apply(x, { training: true }));
    loss.backward();
    opt.step(layer.trainableWeights);
    if (step % 40 === 0) console.log(`  step ${String(step).padStart(3)}  loss ${loss.item().toFixed(5)}  ${read()}`);
  }
}

const prelu = new PReLU({ alphaInitializer: initializers.zeros() });
console.log('PReLU learning a leaky slope of 0.25 (alpha starts at 0, a plain ReLU):');
train(prelu, leaky, () => `alpha ${prelu.alpha.item().toFixed(4)}`);

const swish = new Swish({ beta: 1 });
console.log('\nSwish learning beta = 2 (starts at 1):');
train(swish, swishTarget, () => `beta ${swish.beta.item().toFixed(4)}`);
console.log(`\nlearned: alpha ${prelu.alpha.item().toFixed(3)} (target 0.25), beta ${swish.beta.item().toFixed(3)} (target 2) from ${x.shape[0]} samples`);
