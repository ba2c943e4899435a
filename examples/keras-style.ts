// The Keras way: a Sequential model, summary(), then predictions with known weights.
import { Dense, Sequential, tensor } from '@rectify/rectify';

const model = new Sequential({ layers: [new Dense({ units: 2, activation: 'relu', inputShape: [2] })] });
model.summary(); // 6 params: a 2x2 kernel and 2 biases

model.setWeights([tensor([[0.5, 1], [1.5, 2]]), tensor([0.1, 0.2])]);
model.predict(tensor([[1, 2], [3, 4]])).print(); // [[3.6, 5.2], [7.6, 11.2]]
