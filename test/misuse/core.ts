import {
  add, arange, argmax, avgPool2d, broadcastTo, elu, gelu, gradcheck, leakyRelu, setSeed, slice, cast, boundedRelu, clip, concat, conv2d, conv2dAddRelu, dropout, expandDims, eye, full, gather, grad,
  linspace, logSumExp, noGrad, matmul, max, maxPool2d, mean, ones, oneHot, randomNormal, randomUniform, registerBackend, reshape, scalar,
  scaleShift, scaleShiftRelu, setBackend, setNumThreads, softmax, squeeze, sum, tensor, transpose, zeros, type Tensor,
} from '@rectify/core';
import type { Misuse } from './table.js';

const x = () => tensor([[1, 2, 3], [4, 5, 6]]);
const img = () => zeros([1, 4, 4, 1]);
const k3 = () => zeros([3, 3, 1, 1]);
const w = () => tensor([1, 2], undefined, { requiresGrad: true });

/** A scalar loss whose graph has been used by one backward already. */
function usedLoss(): { loss: Tensor; y: Tensor } {
  const y = w().mul(2);
  const loss = y.sum();
  loss.backward();
  return { loss, y };
}

export const coreMisuses: Misuse[] = [
  // creation: shapes, sizes, values, options
  ['zeros of 1e18 elements', () => zeros([1e9, 1e9]), /zeros: shape \[1000000000,1000000000\] holds 1000000000000000000 elements, more than the 1073741824 \(2\^30\)/],
  ['arange to 1e12', () => arange(0, 1e12), /arange\(0, 1000000000000, 1\): shape \[1000000000000\] holds .* more than the 1073741824/],
  ['arange to Infinity', () => arange(0, Infinity), /arange: stop must be a finite number, got Infinity/],
  ['arange of NaN', () => arange(NaN), /arange: stop must be a finite number, got NaN/],
  ['arange with step 0', () => arange(0, 5, 0), /arange: step must be a finite non-zero number, got 0/],
  ['linspace with a fractional count', () => linspace(0, 1, 2.5), /linspace: num must be an integer in \[0, 1073741824\], got 2.5/],
  ['linspace of 1e12 points', () => linspace(0, 1, 1e12), /linspace: num must be an integer in \[0, 1073741824\], got 1000000000000/],
  ['eye of negative size', () => eye(-1), /eye: n must be a non-negative integer, got -1/],
  ['eye of 1e10 elements', () => eye(1e5, 1e5), /eye: shape \[100000,100000\] holds 10000000000 elements/],
  ['tensor with a hole', () => tensor([1, , 3] as number[]), /tensor: a hole \(missing element\) at \[1\]; expected a number/],
  ['tensor from a BigInt64Array', () => tensor(new BigInt64Array(2) as never), /tensor: got a BigInt64Array; bigint values are not supported/],
  ['tensor from a DataView', () => tensor(new DataView(new ArrayBuffer(8)) as never), /tensor: got a DataView; expected a numeric typed array/],
  ['tensor of ragged rows', () => tensor([[1, 2], [3]]), /tensor: ragged nested array at \[1\]: expected an array of 2 elements, got 1 elements/],
  ['tensor with a number among rows', () => tensor([[1, 2], 3] as never), /tensor: ragged nested array at \[1\]: expected an array of 2 elements, got 3/],
  ['tensor with an array among numbers', () => tensor([1, [2]] as never), /tensor: an array where a number was expected .* at \[1\]/],
  ['tensor with a string element', () => tensor([1, 'a'] as never), /tensor: non-numeric value "a" at \[1\]/],
  ['tensor of a string', () => tensor('abc' as never), /tensor: expected a number, nested arrays or a typed array, got "abc"/],
  ['tensor values not filling the shape', () => tensor([1, 2], [3]), /tensor: 2 values do not fill shape \[3\] \(3 elements\)/],
  ['tensor with an unknown dtype', () => tensor([1], undefined, { dtype: 'int32' as never }), /tensor: unsupported dtype "int32"; expected 'float32' or 'float64'/],
  ['tensor with a misspelt option', () => tensor([1], undefined, { dtyp: 'float64' } as never), /tensor: unknown option 'dtyp'; valid options are dtype, requiresGrad/],
  ['tensor with a non-boolean requiresGrad', () => tensor([1], undefined, { requiresGrad: 'yes' as never }), /tensor: requiresGrad must be true or false, got "yes"/],
  ['tensor with a negative shape', () => tensor([1, 2], [-1, -2]), /tensor: invalid shape \[-1, -2\]: axis 0 is -1; expected an array of non-negative integers/],
  ['zeros with a negative axis', () => zeros([2, -1]), /zeros: invalid shape \[2, -1\]: axis 1 is -1/],
  ['ones with a fractional axis', () => ones([2.5]), /ones: invalid shape \[2.5\]: axis 0 is 2.5/],
  ['full with a NaN axis', () => full([NaN], 1), /full: invalid shape \[NaN\]: axis 0 is NaN/],
  ['full with a string value', () => full([2], '3' as never), /full: value must be a number, got "3"/],
  ['zeros of a number, not a shape', () => zeros(5 as never), /zeros: invalid shape 5; expected an array of non-negative integers/],
  ['zeros with a hole in the shape', () => zeros([2, , 3] as number[]), /zeros: invalid shape \[2, <hole>, 3\]: axis 1 is a hole/],
  ['randomNormal with a negative stddev', () => randomNormal([2], { stddev: -1 }), /randomNormal: stddev must be a finite number >= 0, got -1/],
  ['randomNormal with an infinite mean', () => randomNormal([2], { mean: Infinity }), /randomNormal: mean must be a finite number, got Infinity/],
  ['randomUniform with maxval < minval', () => randomUniform([2], { minval: 1, maxval: 0 }), /randomUniform: maxval must be a finite number >= 1, got 0/],
  ['randomUniform with a NaN seed', () => randomUniform([2], { seed: NaN }), /randomUniform: seed must be a finite number, got NaN/],
  ['randomNormal with a misspelt option', () => randomNormal([2], { std: 1 } as never), /randomNormal: unknown option 'std'; valid options are dtype, mean, requiresGrad, seed, stddev/],
  ['randomNormal with options that are a number', () => randomNormal([2], 5 as never), /randomNormal: options must be an object, got 5; valid options are dtype, mean, requiresGrad, seed, stddev/],
  ['cast to an unknown dtype', () => cast(x(), 'int8' as never), /cast: unsupported dtype "int8"/],

  // reductions and axes
  ["sum over 'all'", () => sum(x(), 'all' as never), /sum: axis must be an integer, an array of integers, or undefined for every axis; got "all"/],
  ['sum over an axis past the rank', () => sum(x(), 5), /sum: axis 5 is out of range for a tensor of rank 2; expected an integer in \[-2, 1\]/],
  ['mean over a repeated axis', () => mean(x(), [0, 0]), /mean: repeated axis in \[0, 0\]/],
  ['max over a fractional axis', () => max(x(), 0.5), /max: axis 0.5 is out of range for a tensor of rank 2/],
  ['sum with a non-boolean keepDims', () => sum(x(), 0, 'yes' as never), /sum: keepDims must be true or false, got "yes"/],
  ['logSumExp over an axis past the rank', () => logSumExp(x(), 3), /logSumExp: axis 3 is out of range for a tensor of rank 2/],
  ['argmax over an axis past the rank', () => argmax(x(), 2), /argmax: axis 2 is out of range/],
  ['softmax over an axis before the first', () => softmax(x(), -3), /softmax: axis -3 is out of range/],
  ['transpose with a repeated axis', () => transpose(x(), [0, 0]), /transpose: perm \[0,0\] is not a permutation of the 2 axes of \[2,3\]/],
  ['expandDims past the rank', () => expandDims(x(), 5), /expandDims: axis 5 is out of range for a tensor of rank 3/],
  ['squeeze of an axis of size 2', () => squeeze(x(), 0), /squeeze: cannot squeeze axis 0 of size 2 in shape \[2,3\]; expected size 1/],
  ['concat over an axis past the rank', () => concat([x(), x()], 3), /concat: axis 3 is out of range/],
  ['gather of an index past the end', () => gather(x(), [5]), /gather: index 5 at position 0 is out of range; expected integers in \[0, 1\]/],
  ['oneHot of depth 0', () => oneHot([1], 0), /oneHot: depth must be a positive integer, got 0/],

  ['slice with a number for begin', () => slice(x(), 1 as never), /slice: begin 1 and size undefined must each have one entry per axis of \[2,3\]/],
  ['transpose with a string perm', () => transpose(x(), 'ab' as never), /transpose: perm must be an array of axes, got "ab"/],
  ['gather with string indices', () => gather(x(), 'ab' as never), /gather: indices must be a Tensor or an array of integers, got "ab"/],
  ['squeeze with a string axis', () => squeeze(x(), 'a' as never), /squeeze: axis must be an integer, an array of integers, or undefined for every axis; got "a"/],
  ['broadcastTo a string shape', () => broadcastTo(x(), 'ab' as never), /broadcastTo: invalid shape "ab"; expected an array of non-negative integers/],
  ['clip with a NaN bound', () => clip(x(), NaN, 1), /clip: lower bound must be a number \(not NaN\), got NaN/],
  ['leakyRelu with a string alpha', () => leakyRelu(x(), '0.2' as never), /leakyRelu: alpha must be a finite number, got "0.2"/],
  ['elu with an infinite alpha', () => elu(x(), Infinity), /elu: alpha must be a finite number, got Infinity/],
  ['gelu with a string approximate', () => gelu(x(), 'tanh' as never), /gelu: approximate must be true or false, got "tanh"/],
  ['setSeed with an object', () => setSeed({} as never), /setSeed: seed must be a finite number or a string, got an object/],
  ['gradcheck with eps 0', () => gradcheck((t: Tensor) => t.sum(), [x()], { eps: 0 }), /gradcheck: eps must be a finite number > 0, got 0/],

  ['add broadcasting to 1e10 elements', () => add(zeros([100000, 1]), zeros([1, 100000])), /add: shape \[100000,100000\] holds 10000000000 elements, more than the 1073741824/],
  ['matmul of an outer product of 1e10 elements', () => matmul(zeros([100000, 1]), zeros([1, 100000])), /matmul: shape \[100000,100000\] holds 10000000000 elements/],
  ['oneHot of depth 2^31', () => oneHot([0], 2 ** 31), /oneHot: shape \[1,2147483648\] holds 2147483648 elements/],

  // shapes of operands
  ['reshape to the wrong size', () => reshape(x(), [4, 2]), /reshape: cannot reshape \[2,3\] \(6 elements\) to \[4,2\] \(8 elements\)/],
  ['reshape with two -1s', () => reshape(x(), [-1, -1]), /reshape: at most one -1 allowed in the target shape, got \[-1,-1\]/],
  ['broadcastTo an incompatible shape', () => broadcastTo(x(), [3, 3]), /broadcastTo: shapes \[2,3\] and \[3,3\] cannot be broadcast together/],
  ['add of mismatched shapes', () => add(x(), tensor([1, 2])), /add: shapes \[2,3\] and \[2\] cannot be broadcast together \(axis -1: 3 vs 2\)/],
  ['add of a string', () => add(x(), 'a' as never), /add: second operand must be a Tensor or a number, got string a/],
  ['matmul with differing inner sizes', () => matmul(x(), x()), /matmul: inner dimensions differ: \[2,3\] x \[2,3\] \(3 vs 2\)/],
  ['matmul with a string transposeA', () => matmul(x(), x(), 'yes' as never), /matmul: transposeA must be true or false, got "yes"/],
  ['matmul of a scalar', () => matmul(scalar(2), x()), /matmul: operands must have rank >= 1, got \[\] x \[2,3\]/],
  ['clip with bounds reversed', () => clip(x(), 1, 0), /clip: lower bound 1 must not exceed upper bound 0/],
  ['dropout with rate 1', () => dropout(x(), 1), /dropout: rate must be a finite number in \[0, 1\), got 1/],
  ['dropout with a string seed', () => dropout(x(), 0.5, { seed: 'a' as never }), /dropout: seed must be a finite number, got "a"/],

  // convolution and pooling
  ['conv2d with mismatched channels', () => conv2d(img(), zeros([3, 3, 2, 1])), /conv2d: input has 1 channels \(shape \[1,4,4,1\]\) but the kernel \[3,3,2,1\] expects 2/],
  ['conv2dAddRelu with a bias of the wrong length', () => conv2dAddRelu(img(), zeros([3, 3, 1, 2]), zeros([3])), /conv2dAddRelu: bias must have shape \[2\] for kernel \[3,3,1,2\], got \[3\]/],
  ['conv2dAddRelu with a rank-2 kernel', () => conv2dAddRelu(img(), zeros([3, 3]), zeros([3])), /conv2dAddRelu: kernel must have rank 4 \[kh, kw, in, out\], got shape \[3,3\]/],
  ['conv2dAddRelu with groups', () => conv2dAddRelu(img(), k3(), zeros([1]), { groups: 1 } as never), /conv2dAddRelu: unknown option 'groups'/],
  ['boundedRelu with a negative cap', () => boundedRelu(x(), -1), /boundedRelu: maxValue must be a finite number >= 0, got -1/],
  ['boundedRelu with a NaN cap', () => boundedRelu(x(), NaN), /boundedRelu: maxValue must be a finite number >= 0, got NaN/],
  ['scaleShift with a scale of the wrong length', () => scaleShift(x(), zeros([2]), zeros([3])), /scaleShift: expected scale and shift of shape \[3\] for x \[2,3\] \(the last axis\), got \[2\] and \[3\]/],
  ['scaleShiftRelu with a negative cap', () => scaleShiftRelu(x(), zeros([3]), zeros([3]), -2), /scaleShiftRelu: maxValue must be a finite number >= 0, got -2/],
  ['scaleShiftRelu with a shift of the wrong length', () => scaleShiftRelu(x(), zeros([3]), zeros([2])), /scaleShiftRelu: expected scale and shift of shape \[3\] for x \[2,3\]/],
  ['scaleShift with an array for x', () => scaleShift([1, 2] as never, zeros([2]), zeros([2])), /scaleShift: input must be a Tensor or a number, got/],
  ['scaleShift with a float64 shift', () => scaleShift(x(), zeros([3]), zeros([3], { dtype: 'float64' })), /scaleShift: scale \(float32\) and shift \(float64\) must have x's dtype float32/],
  ['conv2d with stride 0', () => conv2d(img(), k3(), { strides: 0 }), /conv2d: strides must be a positive integer or a pair of them, got 0/],
  ['conv2d with three strides', () => conv2d(img(), k3(), { strides: [1, 2, 3] as never }), /conv2d: strides must be a positive integer or a pair of them, got \[1,2,3\]/],
  ['conv2d with a misspelt option', () => conv2d(img(), k3(), { stride: 2 } as never), /conv2d: unknown option 'stride'; valid options are dilations, groups, padding, strides/],
  ['conv2d with an unknown padding', () => conv2d(img(), k3(), { padding: 'full' as never }), /conv2d: padding must be 'valid' or 'same', got "full"/],
  ['conv2d with a window larger than the input', () => conv2d(zeros([1, 2, 2, 1]), k3()), /conv2d: a 3x3 window \(dilations 1x1\) does not fit the 2x2 input with 'valid' padding/],
  ['maxPool2d without a poolSize', () => maxPool2d(img(), {} as never), /maxPool2d: options.poolSize is required/],
  ['maxPool2d with a misspelt option', () => maxPool2d(img(), { poolSize: 2, pad: 'same' } as never), /maxPool2d: unknown option 'pad'; valid options are padding, poolSize, strides/],
  ['avgPool2d of a matrix', () => avgPool2d(zeros([2, 2]), { poolSize: 2 }), /avgPool2d: expected an NHWC input of rank 4, got shape \[2,2\]/],

  // autograd
  ['a second backward through a freed graph', () => { const { loss } = usedLoss(); loss.backward(); }, /backward: trying to backward through the graph a second time .*'sum' node.*Pass \{ retainGraph: true \}/],
  ['a backward through a tensor of a freed graph', () => { const { y } = usedLoss(); y.mul(3).sum().backward(); }, /backward: trying to backward through the graph a second time .*'mul' node.*retainGraph: true/],
  ['backward of a constant', () => x().sum().backward(), /backward: the output does not require gradients/],
  ['backward of a non-scalar without a seed', () => w().mul(2).backward(), /backward: the output has shape \[2\]; a non-scalar output needs a seed gradient/],
  ['backward with a misspelt option', () => w().sum().backward(undefined, { retain: true } as never), /backward: unknown option 'retain'; valid options are createGraph, retainGraph/],
  ['backward with a non-boolean retainGraph', () => w().sum().backward(undefined, { retainGraph: 1 as never }), /backward: retainGraph must be true or false, got 1/],
  ['grad of a non-function', () => grad(5 as never), /grad: expected a function of tensors, got number/],
  ['noGrad of a non-function', () => noGrad('x' as never), /noGrad: expected a function to run, got string/],
  ['grad of a string argument', () => grad((t: Tensor) => t.sum())('x' as never), /grad: argument 0 must be a Tensor, got string/],
  ['item of two elements', () => w().item(), /item: expected a tensor with one element, got shape \[2\] \(2 elements\)/],

  // backends and threads
  ['setBackend of an unknown name', () => setBackend('gpu'), /setBackend: unknown backend "gpu"; registered backends are/],
  ['registerBackend of an incomplete backend', () => registerBackend({ name: 'half' } as never), /registerBackend: expected a Backend with a non-empty name and every kernel; missing unary, binary/],
  ['setNumThreads of 0', () => setNumThreads(0), /setNumThreads: expected a whole number from 1 to \d+, got 0/],
];
