import { describe, expect, it } from 'vitest';
import { grad, noGrad, tensor, valueAndGrad, matmul, relu } from '../src/index.js';

describe('autograd semantics', () => {
  it('backward fills .grad of leaves and accumulates across calls', () => {
    const w = tensor([1, 2, 3], undefined, { requiresGrad: true });
    w.mul(w).sum().backward();
    expect(Array.from(w.grad!.dataSync())).toEqual([2, 4, 6]);
    w.mul(3).sum().backward();
    expect(Array.from(w.grad!.dataSync())).toEqual([5, 7, 9]);
    w.grad = null;
    w.sum().backward();
    expect(Array.from(w.grad!.dataSync())).toEqual([1, 1, 1]);
  });

  it('backward on a non-scalar needs a seed gradient', () => {
    const w = tensor([1, 2], undefined, { requiresGrad: true });
    expect(() => w.mul(2).backward()).toThrow(/seed|scalar/);
    w.mul(2).backward(tensor([1, 10]));
    expect(Array.from(w.grad!.dataSync())).toEqual([2, 20]);
  });

  it('detach and noGrad stop the graph', () => {
    const w = tensor([2], undefined, { requiresGrad: true });
    expect(w.mul(3).detach().requiresGrad).toBe(false);
    expect(noGrad(() => w.mul(3)).requiresGrad).toBe(false);
    expect(w.mul(3).requiresGrad).toBe(true);
  });

  it('grad of grad: d2/dx2 x^3 = 6x', () => {
    expect(grad(grad((x) => x.pow(3).sum()))(tensor([2])).item()).toBeCloseTo(12, 5);
    const [value, [dx]] = valueAndGrad((x) => x.square().sum())(tensor([3]));
    expect(value.item()).toBe(9);
    expect(dx.item()).toBe(6);
  });

  it("relu'(0) is 0 by decision", () => {
    expect(grad((x) => relu(x).sum())(tensor([0, 1, -1])).dataSync()).toEqual(new Float32Array([0, 1, 0]));
  });

  it('the seed snippet and its gradient', () => {
    const x = tensor([[1, 2], [3, 4]]);
    const w = tensor([[0.5, 1], [1.5, 2]], undefined, { requiresGrad: true });
    const y = relu(matmul(x, w).add(tensor([0.1, 0.2])));
    expect(y.toArray()).toEqual([[3.6, 5.2], [7.6, 11.2]].map((r) => r.map((v) => Math.fround(v))));
    y.sum().backward();
    expect(w.grad!.toArray()).toEqual([[4, 4], [6, 6]]);
  });
});

describe('freed graphs and retainGraph', () => {
  it('a second backward through the same graph throws, naming retainGraph', () => {
    const w = tensor([1, 2], undefined, { requiresGrad: true });
    const loss = w.mul(w).sum();
    loss.backward();
    expect(() => loss.backward()).toThrow(/backward through the graph a second time.*retainGraph: true/);
    expect(Array.from(w.grad!.dataSync())).toEqual([2, 4]); // the failed call added nothing
  });

  it('retainGraph keeps the graph for another backward, which accumulates', () => {
    const w = tensor([1, 2], undefined, { requiresGrad: true });
    const loss = w.mul(w).sum();
    loss.backward(undefined, { retainGraph: true });
    loss.backward(undefined, { retainGraph: true });
    loss.backward(); // the last one may free it
    expect(Array.from(w.grad!.dataSync())).toEqual([6, 12]);
    expect(() => loss.backward()).toThrow(/second time/);
  });

  it('two losses sharing a subgraph: the first keeps it, the second frees it', () => {
    const w = tensor([3], undefined, { requiresGrad: true });
    const h = w.square();
    h.mul(2).sum().backward(undefined, { retainGraph: true });
    h.mul(5).sum().backward();
    expect(w.grad!.item()).toBe(2 * 6 + 5 * 6);
    expect(() => h.sum().backward()).toThrow(/'square' node/);
  });

  it('freed tensors are not leaves, and fresh graphs from the leaves still work', () => {
    const w = tensor([1], undefined, { requiresGrad: true });
    const y = w.mul(3);
    y.sum().backward();
    expect(y.isLeaf).toBe(false);
    w.mul(4).sum().backward();
    expect(w.grad!.item()).toBe(7);
  });

  it('createGraph retains the graph unless told otherwise', () => {
    const w = tensor([2], undefined, { requiresGrad: true, dtype: 'float64' });
    const loss = w.pow(3).sum();
    loss.backward(undefined, { createGraph: true });
    loss.backward(undefined, { createGraph: true, retainGraph: false });
    expect(() => loss.backward()).toThrow(/second time/);
  });
});

describe('creation and errors', () => {
  it('builds from nested arrays, typed arrays and a shape, keeping float64', () => {
    expect(tensor([[1, 2], [3, 4]]).shape).toEqual([2, 2]);
    expect(tensor(new Float32Array([1, 2, 3, 4]), [2, 2]).toArray()).toEqual([[1, 2], [3, 4]]);
    const d = tensor([0.1], undefined, { dtype: 'float64' });
    expect(d.add(d).dtype).toBe('float64');
    expect(d.add(d).item()).toBe(0.2);
  });

  it('rejects ragged and non-numeric input, naming the problem', () => {
    expect(() => tensor([[1, 2], [3]])).toThrow(/ragged|length|shape/i);
    expect(() => tensor([1, 'a' as unknown as number])).toThrow(/number|numeric/i);
  });

  it('names the op and the shapes in errors', () => {
    expect(() => matmul(tensor([[1, 2, 3], [4, 5, 6]]), tensor([[1, 2, 3, 4, 5], [1, 2, 3, 4, 5], [1, 2, 3, 4, 5], [1, 2, 3, 4, 5]]))).toThrow(/matmul.*\[2,3\].*\[4,5\]/);
    expect(() => tensor([1, 2, 3]).add(tensor([1, 2]))).toThrow(/add.*\[3\].*\[2\]/);
    expect(() => tensor([1, 2, 3]).reshape([2, 2])).toThrow(/reshape/);
    expect(() => tensor([[1, 2]]).sum(5)).toThrow(/sum.*axis 5/);
  });

  it('is numerically stable at extreme inputs', () => {
    const big = tensor([-1000, 0, 1000]);
    for (const v of [big.softmax().dataSync(), big.sigmoid().dataSync(), big.softplus().dataSync(), big.logSoftmax().dataSync()]) {
      expect(Array.from(v).every(Number.isFinite)).toBe(true);
    }
    expect(big.logSumExp().item()).toBeCloseTo(1000, 3);
    expect(grad((x) => x.elu().sum())(tensor([100])).item()).toBe(1);
  });
});
