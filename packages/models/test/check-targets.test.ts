import { describe, expect, it } from 'vitest';
import { setSeed, tensor } from '@rectify/core';
import { Dense, input } from '@rectify/layers';
import { Model, Sequential } from '../src/index.js';

function regressor(): Sequential {
  setSeed(2);
  const m = new Sequential({ name: 'net', layers: [new Dense({ units: 4, inputShape: [3], activation: 'relu' }), new Dense({ units: 1 })] });
  m.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
  return m;
}

function classifier(loss: 'categoricalCrossentropy' | 'sparseCategoricalCrossentropy'): Sequential {
  setSeed(2);
  const m = new Sequential({ name: 'net', layers: [new Dense({ units: 3, inputShape: [2], activation: 'softmax' })] });
  m.compile({ optimizer: 'sgd', loss });
  return m;
}

const x3 = tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9], [1, 0, 1]]);
const x2 = tensor([[1, 2], [3, 4], [5, 6]]);

describe('targets checked against the model before training', () => {
  it('accepts labels of shape [n] where the output is [n, 1], as Keras does', async () => {
    const flat = regressor();
    const column = regressor();
    const yFlat = tensor([1, 2, 3, 4]);
    const h1 = await flat.fit(x3, yFlat, { epochs: 3, verbose: 0, shuffle: false });
    const h2 = await column.fit(x3, yFlat.reshape([4, 1]), { epochs: 3, verbose: 0, shuffle: false });
    expect(h1.history.loss).toEqual(h2.history.loss);
    expect(flat.evaluate(x3, yFlat)).toEqual(column.evaluate(x3, yFlat.reshape([4, 1])));
  });

  it('suggests sparseCategoricalCrossentropy for integer labels with categoricalCrossentropy, before any epoch', async () => {
    const lines: string[] = [];
    const log = console.log;
    console.log = (...a: unknown[]) => void lines.push(a.join(' '));
    try {
      await expect(classifier('categoricalCrossentropy').fit(x2, tensor([0, 2, 1]), { epochs: 1 })).rejects.toThrow(
        "fit: model 'net' outputs samples of shape [3] and is compiled with categoricalCrossentropy, but y has integer class labels of shape [3]; compile with loss 'sparseCategoricalCrossentropy' for class indices, or one-hot them with oneHot(y, 3)",
      );
    } finally {
      console.log = log;
    }
    expect(lines.filter((l) => l.includes('Epoch'))).toEqual([]);
  });

  it('suggests categoricalCrossentropy for one-hot rows with sparseCategoricalCrossentropy', () => {
    expect(() => classifier('sparseCategoricalCrossentropy').evaluate(x2, tensor([[1, 0, 0], [0, 0, 1], [0, 1, 0]]))).toThrow(
      /evaluate: .* but y has one-hot rows of shape \[3,3\]; pass class indices of shape \[3\] \(y\.argmax\(-1\)\) or compile with loss 'categoricalCrossentropy'/,
    );
  });

  it('names a label that is not a class index', () => {
    expect(() => classifier('sparseCategoricalCrossentropy').evaluate(x2, tensor([0, 3, 1]))).toThrow(/but y has label 3, which is not a class index in \[0, 2\]/);
  });

  it('names both shapes when y does not fit the output at all', async () => {
    await expect(regressor().fit(x3, tensor([[1, 2], [3, 4], [5, 6], [7, 8]]), { verbose: 0 })).rejects.toThrow(
      "fit: model 'net' outputs samples of shape [1] and is compiled with meanSquaredError, but y has samples of shape [2] (y [4,2]); give y the shape [4,1]",
    );
  });

  it('checks validation data too, and names the output of a multi-output model', async () => {
    const inp = input({ shape: [2] });
    const a = new Dense({ units: 1, name: 'price' }).apply(inp);
    const b = new Dense({ units: 2, name: 'kind', activation: 'softmax' }).apply(inp);
    const m = new Model({ inputs: inp, outputs: [a, b] });
    m.compile({ optimizer: 'sgd', loss: ['meanSquaredError', 'categoricalCrossentropy'] });
    await expect(m.fit(x2, [tensor([1, 2, 3]), tensor([0, 1, 1])], { verbose: 0 })).rejects.toThrow(/for output 'kind' outputs samples of shape \[2\] .*sparseCategoricalCrossentropy/);
    const yOk = [tensor([1, 2, 3]), tensor([[1, 0], [0, 1], [0, 1]])];
    await expect(m.fit(x2, yOk, { verbose: 0, validationData: [x2, [tensor([1, 2, 3]), tensor([[1], [0], [1]])]] })).rejects.toThrow(/fit \(validationData\): .*for output 'kind'.*sparseCategoricalCrossentropy/);
  });

  it('leaves custom loss functions alone', async () => {
    const m = new Sequential({ layers: [new Dense({ units: 1, inputShape: [3] })] });
    m.compile({ optimizer: 'sgd', loss: (yTrue, yPred) => yPred.sub(yTrue.reshape([-1, 1])).square().mean() });
    const h = await m.fit(x3, tensor([1, 2, 3, 4]), { epochs: 1, verbose: 0 });
    expect(h.history.loss).toHaveLength(1);
  });

  it('says to add the batch axis when predict gets one unbatched sample', () => {
    expect(() => regressor().predict(tensor([1, 2, 3]))).toThrow("predict: model 'net' expects samples of shape [3], got input [3]; it looks like one sample without the batch axis: add one with x.reshape([1, 3])");
  });
});
