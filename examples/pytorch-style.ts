// The PyTorch way: layers are modules you call; autograd fills .grad.
import { Dense, ReLU, tensor } from '@rectify/rectify';

const linear = new Dense({ units: 2 });
const relu = new ReLU();
const x = tensor([[1, 2], [3, 4]]);
linear.apply(x); // builds the layer's weights from the input shape
linear.setWeights([tensor([[0.5, 1], [1.5, 2]]), tensor([0.1, 0.2])]);

const y = relu.apply(linear.apply(x));
y.print(); // [[3.6, 5.2], [7.6, 11.2]]

y.sum().backward();
console.log('d(sum y)/d kernel:');
linear.kernel.grad?.print();
