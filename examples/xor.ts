// XOR: the classic problem a single linear layer cannot solve and one hidden ReLU layer can.
import { Adam, Dense, Sequential, setSeed, tensor } from '@rectify/rectify';

setSeed(1);
const x = tensor([[0, 0], [0, 1], [1, 0], [1, 1]]);
const y = tensor([[0], [1], [1], [0]]);

const model = new Sequential({
  layers: [new Dense({ units: 8, activation: 'relu', inputShape: [2] }), new Dense({ units: 1, activation: 'sigmoid' })],
});
model.compile({ optimizer: new Adam({ learningRate: 0.05 }), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
const history = await model.fit(x, y, { epochs: 300, batchSize: 4, verbose: 0 });
console.log(`final loss: ${history.history.loss.at(-1)!.toFixed(4)}, accuracy: ${history.history.accuracy.at(-1)}`);
const p = model.predict(x).dataSync();
[[0, 0], [0, 1], [1, 0], [1, 1]].forEach(([a, b], i) => console.log(`${a} xor ${b} -> ${p[i].toFixed(3)}`));
