// The TensorFlow.js way: functions over tensors.
import { tensor, matmul, relu } from '@rectify/rectify';

const x = tensor([[1, 2], [3, 4]]);
const w = tensor([[0.5, 1], [1.5, 2]]);
const b = tensor([0.1, 0.2]);

const y = relu(matmul(x, w).add(b));
y.print(); // [[3.6, 5.2], [7.6, 11.2]]
