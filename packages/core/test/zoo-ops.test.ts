import { describe, expect, it } from 'vitest';
import * as r from '../src/index.js';
import { Tensor, grad, tensor } from '../src/index.js';
import { values } from './op-table.js';

const dot = (a: Tensor, b: Tensor) => r.sum(r.mul(a, b)).item();

describe('conv family: identities an independent derivation fixes', () => {
  it('depthwiseConv2d and its gradients equal conv2d with the block-diagonal kernel', () => {
    const x = values([2, 5, 6, 3], 1, 'float64');
    const w = values([3, 2, 3, 2], 2, 'float64');
    const full = r.zeros([3, 2, 3, 6], { dtype: 'float64' });
    for (let p = 0; p < 6; p++) for (let c = 0; c < 3; c++) for (let q = 0; q < 2; q++) full.values[p * 18 + c * 6 + c * 2 + q] = w.values[p * 6 + c * 2 + q];
    const opts = { strides: [2, 1] as [number, number], padding: 'same' as const, dilations: [1, 2] as [number, number] };
    const seed = values([2, 3, 6, 6], 3, 'float64');
    const f = (a: Tensor, k: Tensor) => r.depthwiseConv2d(a, k, opts).mul(seed).sum();
    const g = (a: Tensor, k: Tensor) => r.conv2d(a, k, opts).mul(seed).sum();
    expect(f(x, w).item()).toBeCloseTo(g(x, full).item(), 10);
    const [dxDepthwise, dwDepthwise] = grad(f)(x, w) as Tensor[];
    const [dxFull, dwFull] = grad(g)(x, full) as Tensor[];
    dxDepthwise.dataSync().forEach((v, i) => expect(v).toBeCloseTo(dxFull.values[i], 10));
    // the depthwise filter's gradient is the block diagonal of the full one
    for (let p = 0; p < 6; p++) for (let c = 0; c < 3; c++) for (let q = 0; q < 2; q++) {
      expect(dwDepthwise.values[p * 6 + c * 2 + q]).toBeCloseTo(dwFull.values[p * 18 + c * 6 + c * 2 + q], 10);
    }
  });

  it('conv2dTranspose is the adjoint of conv2d: <conv2d(y, w), x> = <y, conv2dTranspose(x, w)>', () => {
    const w = values([3, 3, 4, 2], 1, 'float64'); // conv2d: 4 -> 2 channels; its transpose: 2 -> 4
    const x = values([2, 3, 3, 2], 2, 'float64');
    const y = values([2, 6, 6, 4], 3, 'float64');
    const opts = { strides: 2, padding: 'same' as const };
    expect(dot(r.conv2d(y, w, opts), x)).toBeCloseTo(dot(y, r.conv2dTranspose(x, w, opts)), 10);
  });

  it('causal conv1d never looks ahead: changing step t leaves outputs before t alone', () => {
    const w = values([3, 2, 2], 1);
    const x = values([1, 9, 2], 2);
    const later = x.dataSync().slice();
    for (let i = 12; i < later.length; i++) later[i] += 5; // steps 6 and on
    const a = r.conv1d(x, w, { padding: 'causal', dilation: 2 }).dataSync();
    const b = r.conv1d(tensor(later, [1, 9, 2]), w, { padding: 'causal', dilation: 2 }).dataSync();
    expect(Array.from(b.slice(0, 12))).toEqual(Array.from(a.slice(0, 12)));
    expect(b[12]).not.toBe(a[12]);
  });

  it('grouped conv2d equals separate convolutions over the channel blocks', () => {
    const x = values([1, 4, 4, 6], 1, 'float64');
    const w = values([2, 2, 2, 6], 2, 'float64');
    const got = r.conv2d(x, w, { groups: 3 });
    for (let g = 0; g < 3; g++) {
      const part = r.conv2d(r.slice(x, [0, 0, 0, 2 * g], [-1, -1, -1, 2]), r.slice(w, [0, 0, 0, 2 * g], [-1, -1, -1, 2]));
      expect(Array.from(r.slice(got, [0, 0, 0, 2 * g], [-1, -1, -1, 2]).dataSync())).toEqual(Array.from(part.dataSync()));
    }
  });
});

describe('padding, resizing, splitting', () => {
  it('pad puts the constant on the border only', () => {
    expect(r.pad(tensor([[1, 2]]), [[1, 0], [0, 1]], 7).toArray()).toEqual([[7, 7, 7], [1, 2, 7]]);
    expect(r.pad(tensor([[1, 2]]), [[0, 1], [1, 0]]).toArray()).toEqual([[0, 1, 2], [0, 0, 0]]);
  });

  it('nearest-neighbour 2x upsampling repeats each pixel (UpSampling2D)', () => {
    const y = r.resizeNearestNeighbor(tensor([[[[1], [2]], [[3], [4]]]]), [4, 4]);
    expect(y.reshape([4, 4]).toArray()).toEqual([[1, 1, 2, 2], [1, 1, 2, 2], [3, 3, 4, 4], [3, 3, 4, 4]]);
  });

  it('bilinear resize with half-pixel centers interpolates between pixel centers', () => {
    expect(Array.from(r.resizeBilinear(tensor([[[[0], [1]]]]), [1, 4], { halfPixelCenters: true }).dataSync())).toEqual([0, 0.25, 0.75, 1]);
  });

  it('resizing copies infinities instead of turning them into NaN (no 0 * Infinity)', () => {
    const x = tensor([[[[Infinity], [1]], [[2], [-Infinity]]]]);
    expect(Array.from(r.resizeNearestNeighbor(x, [4, 4]).dataSync()).filter((v) => Number.isNaN(v))).toEqual([]);
    expect(r.resizeBilinear(x, [2, 2]).toArray()).toEqual(x.toArray());
  });

  it('unstack then stack gives the input back, and gradients reach every slice', () => {
    const x = values([2, 3, 4], 1, 'float64');
    expect(r.stack(r.unstack(x, 1), 1).toArray()).toEqual(x.toArray());
    const dx = grad((t: Tensor) => r.unstack(t, 2).reduce((a, s, i) => a.add(s.mul(i + 1).sum()), r.scalar(0, { dtype: 'float64' })))(x) as Tensor;
    expect(Array.from(dx.dataSync().slice(0, 4))).toEqual([1, 2, 3, 4]);
  });
});

describe('an LSTM over three steps, built from the ops alone', () => {
  // Keras gate order i, f, c, o; h and c start at zero; the sequence runs backwards (goBackwards)
  const lstm = (x: Tensor, kernel: Tensor, recurrent: Tensor, bias: Tensor) => {
    const [batch, , units] = [x.shape[0], x.shape[1], recurrent.shape[0]];
    let h = r.zeros([batch, units], { dtype: x.dtype });
    let c = r.zeros([batch, units], { dtype: x.dtype });
    const outputs: Tensor[] = [];
    for (const xt of r.unstack(r.reverse(x, 1), 1)) {
      const [i, f, g, o] = r.split(xt.matmul(kernel).add(h.matmul(recurrent)).add(bias), 4, -1);
      c = r.sigmoid(f).mul(c).add(r.sigmoid(i).mul(r.tanh(g)));
      h = r.sigmoid(o).mul(r.tanh(c));
      outputs.push(h);
    }
    return r.stack(outputs, 1);
  };

  it('has the shape of returnSequences and gradients that match central differences', () => {
    const inputs = [values([2, 3, 4], 1, 'float64'), r.mul(values([4, 8], 2, 'float64'), 0.5), r.mul(values([2, 8], 3, 'float64'), 0.5), values([8], 4, 'float64')];
    expect(lstm(inputs[0], inputs[1], inputs[2], inputs[3]).shape).toEqual([2, 3, 2]);
    expect(r.gradcheck(lstm, inputs)).toBe(true);
  });
});

describe('activations', () => {
  it('softplus is stable far from 0, and so is its gradient', () => {
    const x = tensor([-1000, -50, 50, 1000], undefined, { requiresGrad: true });
    const y = r.softplus(x);
    expect(Array.from(y.dataSync())).toEqual([0, Math.fround(Math.exp(-50)), 50, 1000]);
    y.sum().backward();
    expect(Array.from(x.grad!.dataSync())).toEqual([0, Math.fround(1 / (1 + Math.exp(50))), 1, 1]);
  });

  it('mish stays finite for large inputs', () => {
    expect(Array.from(r.mish(tensor([-1000, 1000])).dataSync())).toEqual([-0, 1000]);
  });

  it('thresholdedRelu passes only values above theta; its gradient at theta is 0', () => {
    const x = tensor([0.5, 1, 2], undefined, { requiresGrad: true });
    const y = r.thresholdedRelu(x);
    expect(Array.from(y.dataSync())).toEqual([0, 0, 2]);
    y.sum().backward();
    expect(Array.from(x.grad!.dataSync())).toEqual([0, 0, 1]);
  });

  it('the nn namespace and the chainable methods carry the new activations', () => {
    const x = tensor([-4, -1, 0.5, 4]);
    for (const name of ['hardSigmoid', 'hardSwish', 'mish', 'softsign', 'silu', 'thresholdedRelu', 'relu6'] as const) {
      expect(Array.from(r.nn[name](x).dataSync())).toEqual(Array.from(x[name]().dataSync()));
    }
    expect(Array.from(r.nn.silu(x).dataSync())).toEqual(Array.from(r.swish(x).dataSync()));
  });
});

describe('bad input gets an Error naming the op, the value and what was expected', () => {
  const x4 = r.zeros([1, 5, 5, 4]);
  const x3 = r.zeros([2, 8, 3]);
  const cases: Array<[string, () => unknown, RegExp]> = [
    ['conv2d groups 0', () => r.conv2d(x4, r.zeros([3, 3, 4, 4]), { groups: 0 }), /conv2d: groups must be a positive integer, got 0/],
    ['conv2d groups that do not divide the channels', () => r.conv2d(x4, r.zeros([3, 3, 3, 4]), { groups: 3 }), /conv2d: input has 4 channels .* expects 9 \(3 groups of 3\)/],
    ['conv2d output channels that do not split', () => r.conv2d(x4, r.zeros([3, 3, 2, 5]), { groups: 2 }), /conv2d: 5 output channels .* do not split into 2 groups/],
    ['conv2d causal padding', () => r.conv2d(x4, r.zeros([3, 3, 4, 4]), { padding: 'causal' }), /conv2d: padding must be 'valid' or 'same', got "causal"/],
    ['conv2d strides of three numbers', () => r.conv2d(x4, r.zeros([3, 3, 4, 4]), { strides: [1, 2, 3] as unknown as [number, number] }), /conv2d: strides must be a positive integer or a pair of them, got \[1,2,3\]/],
    ['conv2d dilations too large', () => r.conv2d(x4, r.zeros([3, 3, 4, 4]), { dilations: 3 }), /conv2d: a 3x3 window \(dilations 3x3\) does not fit the 5x5 input/],
    ['depthwiseConv2d rank-3 filter', () => r.depthwiseConv2d(x4, r.zeros([3, 3, 4])), /depthwiseConv2d: filter must have rank 4 \[kh, kw, in, mult\], got shape \[3,3,4\]/],
    ['depthwiseConv2d channel mismatch', () => r.depthwiseConv2d(x4, r.zeros([3, 3, 2, 1])), /depthwiseConv2d: input has 4 channels .* expects 2/],
    ['separableConv2d pointwise of the wrong width', () => r.separableConv2d(x4, r.zeros([3, 3, 4, 2]), r.zeros([1, 1, 4, 8])), /separableConv2d: the depthwise filter \[3,3,4,2\] gives 8 channels but the pointwise filter \[1,1,4,8\] expects 4/],
    ['separableConv2d 3x3 pointwise', () => r.separableConv2d(x4, r.zeros([3, 3, 4, 1]), r.zeros([3, 3, 4, 8])), /separableConv2d: pointwiseFilter must have shape \[1, 1, in \* mult, out\], got \[3,3,4,8\]/],
    ['conv2dTranspose filter in-channels', () => r.conv2dTranspose(x4, r.zeros([3, 3, 8, 2])), /conv2dTranspose: input has 4 channels .* \[kh, kw, out, in\] expects 2/],
    ['conv2dTranspose inconsistent outputShape', () => r.conv2dTranspose(x4, r.zeros([3, 3, 8, 4]), { strides: 2, padding: 'same', outputShape: [4, 4] }), /conv2dTranspose: an output of 4x4 .* gives 2x2, not the input's 5x5/],
    ['conv2dTranspose malformed outputShape', () => r.conv2dTranspose(x4, r.zeros([3, 3, 8, 4]), { outputShape: [7] }), /conv2dTranspose: outputShape must be \[height, width\] or \[batch, height, width, channels\]/],
    ['conv2dTranspose outputShape with the wrong channels', () => r.conv2dTranspose(x4, r.zeros([3, 3, 8, 4]), { outputShape: [1, 7, 7, 3] }), /conv2dTranspose: outputShape \[1,7,7,3\] must have the input's batch 1 and the filter's 8 output channels/],
    ['conv1d rank-4 input', () => r.conv1d(x4, r.zeros([3, 4, 2])), /conv1d: expected an input of rank 3 \[batch, steps, channels\], got shape \[1,5,5,4\]/],
    ['conv1d filter channels', () => r.conv1d(x3, r.zeros([3, 2, 2])), /conv1d: input has 3 channels .* expects 2/],
    ['conv1d stride 0', () => r.conv1d(x3, r.zeros([3, 3, 2]), { stride: 0 }), /conv1d: stride must be a positive integer, got 0/],
    ['conv1d padding typo', () => r.conv1d(x3, r.zeros([3, 3, 2]), { padding: 'casual' as 'causal' }), /conv1d: padding must be 'valid' or 'same' or 'causal', got "casual"/],
    ['maxPool1d without poolSize', () => r.maxPool1d(x3, {} as r.Pool1DOptions), /maxPool1d: poolSize must be a positive integer, got undefined/],
    ['avgPool1d window past the input', () => r.avgPool1d(x3, { poolSize: 9 }), /avgPool1d: a window of 9 steps does not fit the 8 steps/],
    ['pad with one pair for a matrix', () => r.pad(r.zeros([2, 2]), [[1, 1]]), /pad: paddings must hold one \[before, after\] pair of non-negative integers per axis of \[2,2\], got \[\[1,1\]\]/],
    ['pad with a negative amount', () => r.pad(r.zeros([2]), [[-1, 0]]), /pad: paddings must hold .* got \[\[-1,0\]\]/],
    ['resizeBilinear size of one number', () => r.resizeBilinear(x4, [4] as unknown as [number, number]), /resizeBilinear: size must be \[newHeight, newWidth\] of positive integers, got \[4\]/],
    ['resizeNearestNeighbor both coordinate modes', () => r.resizeNearestNeighbor(x4, [2, 2], { alignCorners: true, halfPixelCenters: true }), /resizeNearestNeighbor: alignCorners and halfPixelCenters cannot both be true/],
    ['resizeBilinear rank-2 input', () => r.resizeBilinear(r.zeros([2, 2]), [4, 4]), /resizeBilinear: expected an NHWC input of rank 4 .* got shape \[2,2\]/],
    ['split into parts that do not divide', () => r.split(r.zeros([5, 2]), 2), /split: 2 equal parts do not divide axis 0 of size 5 \(shape \[5,2\]\)/],
    ['split sizes that do not add up', () => r.split(r.zeros([5, 2]), [2, 2]), /split: sizes \[2,2\] do not add up to axis 0 of size 5/],
    ['split with two -1 sizes', () => r.split(r.zeros([5, 2]), [-1, -1]), /split: sizes must be .* at most one -1, got \[-1,-1\]/],
    ['unstack a scalar', () => r.unstack(r.scalar(1)), /unstack: expected a tensor of rank >= 1, got a scalar/],
    ['reverse an axis twice', () => r.reverse(r.zeros([2, 3]), [1, -1]), /reverse: axis -1 is listed twice in \[1,-1\]/],
    ['conv1d with a 2-D option name', () => r.conv1d(x3, r.zeros([3, 3, 2]), { dilations: 2 } as r.Conv1DOptions), /conv1d: unknown option 'dilations'; valid options are dilation, padding, stride/],
    ['depthwiseConv2d with a string for options', () => r.depthwiseConv2d(x4, r.zeros([3, 3, 4, 1]), 'same' as unknown as r.Conv2DOptions), /depthwiseConv2d: options must be an object, got "same"; valid options are dilations, padding, strides/],
    ['conv2dTranspose with a misspelled option', () => r.conv2dTranspose(x4, r.zeros([3, 3, 8, 4]), { stride: 2 } as r.Conv2DTransposeOptions), /conv2dTranspose: unknown option 'stride'; valid options are dilations, outputShape, padding, strides/],
    ['resizeBilinear with a string flag', () => r.resizeBilinear(x4, [2, 2], { alignCorners: 'yes' as unknown as boolean }), /resizeBilinear: alignCorners and halfPixelCenters must be booleans/],
    ['maxPool1d with a 2-D option', () => r.maxPool1d(x3, { poolSize: 2, dilations: 1 } as r.Pool1DOptions), /maxPool1d: unknown option 'dilations'/],
    ['tile with too few reps', () => r.tile(r.zeros([2, 3]), [2]), /tile: reps must hold one non-negative integer per axis of \[2,3\], got \[2\]/],
    ['thresholdedRelu theta NaN', () => r.thresholdedRelu(r.zeros([2]), NaN), /thresholdedRelu: theta must be a number, got null/],
  ];
  for (const [name, f, message] of cases) {
    it(name, () => {
      let error: unknown;
      try {
        f();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).constructor).toBe(Error); // never a TypeError or RangeError
      expect((error as Error).message).toMatch(message);
    });
  }
});
