import { tensor, zeros } from '@rectify/core';
import { Add, Dense, input } from '@rectify/layers';
import { Model, Sequential, loadModel } from '@rectify/models';
import type { Misuse } from './table.js';

/** A compiled two-layer model taking 3 features. */
function compiled(): Sequential {
  const m = new Sequential({ layers: [new Dense({ units: 4, inputShape: [3] }), new Dense({ units: 2, activation: 'softmax' })] });
  m.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: 'accuracy' });
  return m;
}
const x = () => zeros([4, 3]);
const y = () => tensor([0, 1, 0, 1]);

export const modelMisuses: Misuse[] = [
  ['fit before compile', () => new Sequential({ layers: [new Dense({ units: 1, inputShape: [2] })] }).fit(zeros([2, 2]), zeros([2, 1])), /fit: model '.*' must be compiled first: call model.compile/],
  ['fit on zero samples', () => compiled().fit(zeros([0, 3]), tensor([])), /fit: got no samples/],
  ['evaluate on zero samples', () => compiled().evaluate(zeros([0, 3]), tensor([])), /evaluate: got no samples/],
  ['predict on zero samples', () => compiled().predict(zeros([0, 3])), /predict: got no samples/],
  ['fit with a number for options', () => compiled().fit(x(), y(), 5 as never), /fit: options must be an object/],
  ['fit with a misspelt option', () => compiled().fit(x(), y(), { epoch: 2 } as never), /fit: unknown option 'epoch'/],
  ['predict with a misspelt option', () => compiled().predict(x(), { batchsize: 0 } as never), /predict: unknown option 'batchsize'; valid options are batchSize, verbose/],
  ['evaluate with a snake_case option', () => compiled().evaluate(x(), y(), { batch_size: 0 } as never), /evaluate: unknown option 'batch_size'/],
  ['predict with batchSize 0', () => compiled().predict(x(), { batchSize: 0 }), /predict: batchSize must be a positive integer, got 0/],
  ['fit with a fractional epoch count', () => compiled().fit(x(), y(), { epochs: 1.5 }), /fit: epochs must be a positive integer, got 1.5/],
  ['fit with validationSplit 1', () => compiled().fit(x(), y(), { validationSplit: 1 }), /fit: validationSplit must be in \[0, 1\), got 1/],
  ['fit with mismatched sample counts', () => compiled().fit(x(), tensor([0, 1])), /fit: x and y must have the same number of samples, got x \[4,3\] and y \[2\]/],
  ['predict on one unbatched sample', () => compiled().predict(tensor([1, 2, 3])), /predict: model '.*' expects samples of shape \[3\], got input \[3\]; it looks like one sample without the batch axis/],
  ['predict with the wrong feature count', () => compiled().predict(zeros([2, 5])), /predict: model '.*' expects samples of shape \[3\], got input \[2,5\]/],
  ['compile with an unknown option', () => compiled().compile({ optimizer: 'adam', loss: 'mse', name: 'x' } as never), /compile: unknown option 'name'/],
  ['compile without a loss', () => compiled().compile({ optimizer: 'adam' } as never), /compile: loss is required/],
  ['Sequential given an array', () => new Sequential([new Dense({ units: 1 })] as never), /Sequential: expected options \{ layers\?, name\? \}, got an array/],
  ['Sequential with two layers of one name', () => new Sequential({ layers: [new Dense({ units: 1, name: 'd', inputShape: [1] }), new Dense({ units: 1, name: 'd' })] }), /Sequential.add: the model already has a layer named 'd'/],
  ['Model without inputs', () => new Model({ outputs: input({ shape: [2] }) } as never), /Model '.*': inputs\[0\] must be a symbolic tensor/],
  ['a merge of mismatched shapes', () => new Add().apply([input({ shape: [2] }), input({ shape: [3] })]), /Add '.*': inputs with shapes \[null,2\] and \[null,3\] cannot be combined/],
  ['getLayer of an unknown name', () => compiled().getLayer('nope'), /getLayer: model '.*' has no layer named "nope"/],
  ['save without a path', () => compiled().save(''), /saveModel: expected a folder path or a URL such as 'indexeddb:\/\/name', got ""/],
  ['save with a misspelt option', () => compiled().save('/tmp/x', { includeOptimiser: true } as never), /saveModel: unknown option 'includeOptimiser'/],
  ['loadModel of a missing folder', () => loadModel('/nonexistent/rectify/model'), /^loadModel: /],
  ['loadModel of null artifacts', () => loadModel(null as never), /^loadModel: expected a folder path or model artifacts, got null/],
];
