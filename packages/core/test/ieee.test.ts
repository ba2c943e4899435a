import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { argmax, conv2d, logSumExp, matmul, max, maxPool2d, min, setBackend, sign, softmax, sum, tensor, type Tensor } from '../src/index.js';
import { wasmLimits } from '../src/backend/wasm/limits.js';
import { naiveConvSame, naiveMatmul, sameIeee, specialMatrix } from './special-values.js';

// Every backend propagates NaN and the infinities as IEEE arithmetic does, whatever the sparsity of the
// operands and whichever kernel variant (simple, tiled, SIMD, threaded) runs: checked against references
// that take every product. The wasm limits are 0 so its kernels run however small the operands.
const saved = { ...wasmLimits };
beforeAll(() => Object.assign(wasmLimits, { matmulWork: 0, matmulRows: 0, elements: 0 }));
afterAll(() => {
  Object.assign(wasmLimits, saved);
  setBackend('wasm');
});

const expectIeee = (got: Tensor, want: ArrayLike<number>) => expect(sameIeee(got.dataSync(), want)).toBeNull();

for (const backend of ['js', 'wasm']) {
  describe(`${backend}: NaN and infinities`, () => {
    beforeAll(() => setBackend(backend));
    afterAll(() => setBackend('wasm'));

    // sparse A takes the zero-skipping loop, dense A the register-tiled one (m >= 16, n >= 32, k >= 32)
    for (const [label, zeros] of [['sparse', 0.7], ['dense', 0.05]] as const) {
      it(`matmul of ${label} A with infinities and NaN in B, all four transpose variants`, () => {
        const [m, k, n] = [20, 40, 36];
        const a = specialMatrix(m, k, 1, zeros, [[5, 0], [77, NaN]]);
        const b = specialMatrix(k, n, 2, 0, [[3, Infinity], [200, -Infinity], [500, NaN], [n * 7 + 1, Infinity]]);
        const want = naiveMatmul(a.values, b.values, m, k, n);
        expectIeee(matmul(a, b), want);
        expectIeee(matmul(a.transpose(), b, true, false), want);
        expectIeee(matmul(a, b.transpose(), false, true), want);
        expectIeee(matmul(a.transpose(), b.transpose(), true, true), want);
      });
    }

    it('0 x Inf is NaN in a 1x1 product, and does not depend on the zeros around it', () => {
      expectIeee(matmul(tensor([[0]]), tensor([[Infinity]])), [NaN]);
      expectIeee(matmul(tensor([[0, 0, 0, 1]]), tensor([[NaN], [0], [0], [2]])), [NaN]);
      expectIeee(matmul(tensor([[0, 1], [0, 0]]), tensor([[Infinity, 1], [1, 1]])), [NaN, 1, NaN, 0]);
    });

    it("matmul's gradients carry the infinities of the other operand", () => {
      const a = tensor([[0, 1], [2, 0]], undefined, { requiresGrad: true });
      const b = tensor([[Infinity, 1], [1, NaN]], undefined, { requiresGrad: true });
      matmul(a, b).sum().backward();
      expectIeee(a.grad!, [Infinity, NaN, Infinity, NaN]); // dA = 1 B^T: row sums of B
      expectIeee(b.grad!, [2, 2, 1, 1]); // dB = A^T 1: finite, A is finite
    });

    it('conv2d with an infinite weight: NaN where the tap meets zero padding, infinite inside', () => {
      const x = specialMatrix(1, 5 * 5 * 2, 3, 0).reshape([1, 5, 5, 2]);
      const w = specialMatrix(1, 3 * 3 * 2 * 3, 4, 0, [[0, Infinity]]).reshape([3, 3, 2, 3]);
      const y = conv2d(x, w, { padding: 'same' });
      const want = naiveConvSame(x.values, w.values, 5, 5, 2, 3, 3, 3);
      expect(want.some(Number.isNaN)).toBe(true); // the border rows meet padding
      expectIeee(y, want);
    });

    it("conv2d's gradients with an infinite weight and a NaN input", () => {
      const x = tensor(specialMatrix(1, 4 * 4, 5, 0, [[6, NaN]]).values, [1, 4, 4, 1], { requiresGrad: true });
      const w = tensor([1, Infinity, 0.5, 2], [2, 2, 1, 1], { requiresGrad: true });
      conv2d(x, w).sum().backward();
      // dx[i] = sum of the weights whose tap reaches pixel i: Inf wherever the infinite tap does
      expect(Array.from(x.grad!.dataSync()).filter((v) => v === Infinity).length).toBe(9); // rows 0-2, columns 1-3
      // dw = sum of the pixels each tap sees: every tap sees the NaN pixel (it is interior)
      expect(Array.from(w.grad!.dataSync()).every(Number.isNaN)).toBe(true);
    });

    it('max pooling, max, min and argmax let NaN win', () => {
      const x = tensor([1, NaN, 3, 2, 5, 4, -Infinity, 0], [1, 2, 4, 1]);
      expectIeee(maxPool2d(x, { poolSize: 2 }), [NaN, 3]);
      expectIeee(max(tensor([1, NaN, 3])), [NaN]);
      expectIeee(min(tensor([1, NaN, -3])), [NaN]);
      expectIeee(argmax(tensor([[1, NaN, 3, NaN], [0, 2, 1, 0]])), [1, 1]);
    });

    it('logSumExp and softmax: an infinite max is the answer, NaN stays NaN', () => {
      expectIeee(logSumExp(tensor([Infinity, 1])), [Infinity]);
      expectIeee(logSumExp(tensor([-Infinity, -Infinity])), [-Infinity]);
      expectIeee(logSumExp(tensor([NaN, NaN])), [NaN]);
      expectIeee(logSumExp(tensor([Infinity, NaN])), [NaN]);
      expectIeee(logSumExp(tensor([[1, Infinity], [NaN, 0]]), 0), [NaN, Infinity]); // the general-axis path
      expectIeee(softmax(tensor([[NaN, 1], [0, 0]])), [NaN, NaN, 0.5, 0.5]);
      expectIeee(sum(tensor([Infinity, -Infinity])), [NaN]);
      expectIeee(sign(tensor([NaN, -Infinity, 0, 2])), [NaN, -1, 0, 1]);
    });
  });
}
