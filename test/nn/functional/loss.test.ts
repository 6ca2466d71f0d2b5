import { describe, expect, it, vi } from 'vitest';
import * as torch from '../../../lib/torch.js';
import type { Tensor } from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import { oracleBatch } from '../../helpers/python.js';
import { expectClose } from '../helpers.js';
import { checkLossCase, errorOf, type LossCase, type LossRun } from '../loss_cases.js';

const F = nn.functional;

// Every loss function of torch.nn.functional, with every reduction: output and gradients of the
// inputs against PyTorch. Positional arguments are used where Python's own positional order
// (which has the deprecated size_average and reduce slots) agrees with ours.
const lsm = (shape: number[], dim = 1) => ({ logSoftmax: shape, dim, grad: true });
const x = (...shape: number[]) => ({ randn: shape, grad: true });
const labels = (hi: number, ...shape: number[]) => ({ randint: [0, hi, shape] });
const prob = (...shape: number[]) => ({ rand: shape, add: 0.01, grad: true });
const CASES: LossCase[] = [
  { name: 'nllLoss', fn: 'nllLoss', kwargs: { weight: { rand: [4] }, ignoreIndex: 1 }, inputs: [lsm([5, 4]), labels(4, 5)] },
  { name: 'nllLoss positional weight', fn: 'nllLoss', args: [{ rand: [4] }], inputs: [lsm([5, 4]), labels(4, 5)] },
  { name: 'nllLoss (N, C, d1, d2)', fn: 'nllLoss', inputs: [lsm([2, 3, 4, 4]), labels(3, 2, 4, 4)] },
  { name: 'crossEntropy', fn: 'crossEntropy', kwargs: { weight: { rand: [4] }, labelSmoothing: 0.2 }, inputs: [x(5, 4), labels(4, 5)] },
  { name: 'crossEntropy probabilities', fn: 'crossEntropy', kwargs: { labelSmoothing: 0.1 }, inputs: [x(5, 4), { rand: [5, 4] }] },
  { name: 'binaryCrossEntropy weight broadcast', fn: 'binaryCrossEntropy', args: [{ rand: [4] }], inputs: [prob(3, 4), { rand: [3, 4] }] },
  { name: 'binaryCrossEntropy column weight', fn: 'binaryCrossEntropy', kwargs: { weight: { rand: [3, 1] } }, inputs: [prob(3, 4), { rand: [3, 4] }] },
  { name: 'binaryCrossEntropyWithLogits', fn: 'binaryCrossEntropyWithLogits', kwargs: { weight: { rand: [4] }, posWeight: { rand: [4], add: 0.5 } }, inputs: [x(3, 4), { rand: [3, 4] }] },
  { name: 'mseLoss', fn: 'mseLoss', inputs: [x(3, 4), { randn: [3, 4] }] },
  { name: 'mseLoss weight', fn: 'mseLoss', kwargs: { weight: { rand: [3, 4] } }, inputs: [x(3, 4), { randn: [3, 4] }] },
  { name: 'mseLoss broadcast', fn: 'mseLoss', inputs: [x(3, 4), { randn: [4] }] },
  { name: 'l1Loss', fn: 'l1Loss', inputs: [x(3, 4), { randn: [3, 4] }] },
  { name: 'l1Loss weight', fn: 'l1Loss', kwargs: { weight: { rand: [3, 4] } }, inputs: [x(3, 4), { randn: [3, 4] }] },
  { name: 'smoothL1Loss beta', fn: 'smoothL1Loss', kwargs: { beta: 0.5 }, inputs: [x(3, 4), { randn: [3, 4] }] },
  { name: 'smoothL1Loss beta 0', fn: 'smoothL1Loss', kwargs: { beta: 0 }, inputs: [x(3, 4), { randn: [3, 4] }] },
  { name: 'huberLoss', fn: 'huberLoss', kwargs: { delta: 0.7 }, inputs: [x(3, 4), { randn: [3, 4] }] },
  { name: 'huberLoss weight', fn: 'huberLoss', kwargs: { delta: 0.7, weight: { rand: [3, 4] } }, inputs: [x(3, 4), { randn: [3, 4] }] },
  { name: 'klDiv', fn: 'klDiv', inputs: [lsm([3, 4]), { rand: [3, 4] }] },
  { name: 'klDiv logTarget', fn: 'klDiv', kwargs: { logTarget: true }, inputs: [lsm([3, 4]), { logSoftmax: [3, 4], dim: 1 }] },
  { name: 'klDiv batchmean', fn: 'klDiv', kwargs: { reduction: 'batchmean' }, inputs: [lsm([3, 4]), { rand: [3, 4] }], once: true },
  { name: 'poissonNllLoss', fn: 'poissonNllLoss', inputs: [x(3, 4), { rand: [3, 4], add: 0.5 }] },
  { name: 'poissonNllLoss positional, eps', fn: 'poissonNllLoss', args: [false, true], kwargs: { eps: 1e-3 }, inputs: [prob(3, 4), { rand: [3, 4], add: 0.5 }] },
  { name: 'gaussianNllLoss', fn: 'gaussianNllLoss', inputs: [x(4, 3), { randn: [4, 3] }, { rand: [4, 3], add: 0.1, grad: true }] },
  { name: 'gaussianNllLoss full positional', fn: 'gaussianNllLoss', args: [true, 0.2], inputs: [x(4, 3), { randn: [4, 3] }, { rand: [4, 3], add: 0.1, grad: true }] },
  { name: 'gaussianNllLoss homoscedastic', fn: 'gaussianNllLoss', inputs: [x(2, 4, 3), { randn: [2, 4, 3] }, { rand: [2, 4], add: 0.1, grad: true }] },
  { name: 'gaussianNllLoss one var per channel', fn: 'gaussianNllLoss', inputs: [x(2, 4, 3), { randn: [2, 4, 3] }, { rand: [2, 1, 3], add: 0.1, grad: true }] },
  { name: 'gaussianNllLoss number var', fn: 'gaussianNllLoss', inputs: [x(4, 3), { randn: [4, 3] }, 0.5] },
  { name: 'marginRankingLoss', fn: 'marginRankingLoss', args: [0.3], inputs: [x(5), x(5), { sign: [5] }] },
  { name: 'hingeEmbeddingLoss', fn: 'hingeEmbeddingLoss', args: [0.5], inputs: [x(3, 4), { sign: [3, 4] }] },
  { name: 'multilabelMarginLoss', fn: 'multilabelMarginLoss', inputs: [x(2, 4), { tensor: [[3, 0, -1, 1], [1, 2, 3, -1]], dtype: 'int64' }] },
  { name: 'softMarginLoss', fn: 'softMarginLoss', inputs: [x(3, 4), { sign: [3, 4] }] },
  { name: 'multilabelSoftMarginLoss', fn: 'multilabelSoftMarginLoss', args: [{ rand: [4] }], inputs: [x(3, 4), { rand: [3, 4] }] },
  { name: 'multilabelSoftMarginLoss 3-D', fn: 'multilabelSoftMarginLoss', inputs: [x(2, 3, 4), { rand: [2, 3, 4] }] },
  { name: 'cosineEmbeddingLoss', fn: 'cosineEmbeddingLoss', kwargs: { margin: 0.2 }, inputs: [x(4, 5), x(4, 5), { sign: [4] }] },
  { name: 'multiMarginLoss', fn: 'multiMarginLoss', args: [2, 0.5], kwargs: { weight: { rand: [5] } }, inputs: [x(4, 5), labels(5, 4)] },
  { name: 'multiMarginLoss unbatched', fn: 'multiMarginLoss', inputs: [x(5), { tensor: 3, dtype: 'int64' }] },
  { name: 'tripletMarginLoss', fn: 'tripletMarginLoss', args: [0.5, 1], kwargs: { swap: true }, inputs: [x(4, 6), x(4, 6), x(4, 6)] },
  { name: 'tripletMarginWithDistanceLoss', fn: 'tripletMarginWithDistanceLoss', inputs: [x(4, 6), x(4, 6), x(4, 6)] },
  { name: 'tripletMarginWithDistanceLoss function', fn: 'tripletMarginWithDistanceLoss', kwargs: { distanceFunction: { fn: 'cosineDistance' }, margin: 0.4, swap: true }, inputs: [x(4, 6), x(4, 6), x(4, 6)] },
  { name: 'ctcLoss', fn: 'ctcLoss', args: [0], kwargs: { zeroInfinity: true }, inputs: [lsm([8, 2, 5], 2), { randint: [1, 5, [2, 4]] }, { tensor: [8, 7], dtype: 'int64' }, { tensor: [4, 3], dtype: 'int64' }] },
  { name: 'ctcLoss unbatched', fn: 'ctcLoss', inputs: [lsm([8, 5]), { randint: [1, 5, [3]] }, { tensor: 8, dtype: 'int64' }, { tensor: 3, dtype: 'int64' }] },
  { name: 'ctcLoss impossible, zeroInfinity', fn: 'ctcLoss', kwargs: { zeroInfinity: true }, inputs: [lsm([3, 2, 5], 2), { tensor: [[1, 2, 1, 2], [3, 3, 3, 3]], dtype: 'int64' }, { tensor: [3, 3], dtype: 'int64' }, { tensor: [4, 2], dtype: 'int64' }] },
  { name: 'linearCrossEntropy', fn: 'linearCrossEntropy', kwargs: { linearBias: x(4), labelSmoothing: 0.1 }, inputs: [x(5, 6), x(4, 6), labels(4, 5)] },
  { name: 'linearCrossEntropy weight, ignoreIndex', fn: 'linearCrossEntropy', kwargs: { weight: { rand: [4] }, ignoreIndex: 1 }, inputs: [x(5, 6), x(4, 6), labels(4, 5)] },
  { name: 'linearCrossEntropy K-dimensional', fn: 'linearCrossEntropy', kwargs: { linearBias: x(4, 3) }, inputs: [x(5, 6), x(4, 3, 6), labels(4, 5, 3)] },
  { name: 'linearCrossEntropy probabilities', fn: 'linearCrossEntropy', inputs: [x(5, 6), x(4, 6), { rand: [5, 4] }] },
  { name: 'linearCrossEntropy unbatched', fn: 'linearCrossEntropy', inputs: [x(6), x(4, 6), { tensor: 2, dtype: 'int64' }] },
];

// Bad arguments: the message PyTorch gives (ours may add a prefix naming the function).
const ERRORS: LossCase[] = [
  { name: 'bce sizes', fn: 'binaryCrossEntropy', inputs: [{ rand: [3] }, { rand: [4] }] },
  { name: 'bce with logits sizes', fn: 'binaryCrossEntropyWithLogits', inputs: [{ rand: [3] }, { rand: [2, 3] }] },
  { name: 'mse weight size', fn: 'mseLoss', kwargs: { weight: { rand: [4] } }, inputs: [{ randn: [3, 4] }, { randn: [3, 4] }] },
  { name: 'l1 weight size', fn: 'l1Loss', kwargs: { weight: { rand: [4] } }, inputs: [{ randn: [3, 4] }, { randn: [3, 4] }] },
  { name: 'huber weight size', fn: 'huberLoss', kwargs: { weight: { rand: [4] } }, inputs: [{ randn: [3, 4] }, { randn: [3, 4] }] },
  { name: 'mse reduction', fn: 'mseLoss', kwargs: { reduction: 'avg' }, inputs: [{ randn: [3] }, { randn: [3] }] },
  { name: 'mse shapes', fn: 'mseLoss', inputs: [{ randn: [3] }, { randn: [4] }] },
  { name: 'huber delta', fn: 'huberLoss', kwargs: { delta: 0 }, inputs: [{ randn: [3] }, { randn: [3] }] },
  { name: 'smoothL1 beta', fn: 'smoothL1Loss', kwargs: { beta: -1 }, inputs: [{ randn: [3] }, { randn: [3] }] },
  { name: 'klDiv reduction', fn: 'klDiv', kwargs: { reduction: 'avg' }, inputs: [{ randn: [3] }, { randn: [3] }] },
  { name: 'nll batch sizes', fn: 'nllLoss', inputs: [lsm([4, 3]), labels(3, 2)] },
  { name: 'crossEntropy target out of bounds', fn: 'crossEntropy', inputs: [{ randn: [3, 4] }, { tensor: [0, 1, 7], dtype: 'int64' }] },
  { name: 'marginRankingLoss dims', fn: 'marginRankingLoss', inputs: [{ randn: [3] }, { randn: [3] }, { randn: [3, 1] }] },
  { name: 'gaussian negative var', fn: 'gaussianNllLoss', inputs: [{ randn: [3] }, { randn: [3] }, { tensor: [1, -1, 1] }] },
  { name: 'gaussian negative number var', fn: 'gaussianNllLoss', inputs: [{ randn: [3] }, { randn: [3] }, -0.5] },
  { name: 'gaussian var size', fn: 'gaussianNllLoss', inputs: [{ randn: [4, 3] }, { randn: [4, 3] }, { rand: [4, 2] }] },
  { name: 'gaussian reduction', fn: 'gaussianNllLoss', kwargs: { reduction: 'avg' }, inputs: [{ randn: [3] }, { randn: [3] }, { rand: [3] }] },
  { name: 'multilabelSoftMargin reduction', fn: 'multilabelSoftMarginLoss', kwargs: { reduction: 'avg' }, inputs: [{ randn: [2, 3] }, { rand: [2, 3] }] },
  { name: 'poisson reduction', fn: 'poissonNllLoss', kwargs: { reduction: 'avg' }, inputs: [{ randn: [3] }, { rand: [3] }] },
  { name: 'multiMargin p', fn: 'multiMarginLoss', kwargs: { p: 3 }, inputs: [{ randn: [2, 3] }, labels(3, 2)] },
  { name: 'multiMargin weight', fn: 'multiMarginLoss', kwargs: { weight: { rand: [3, 1] } }, inputs: [{ randn: [2, 3] }, labels(3, 2)] },
  { name: 'multiMargin target', fn: 'multiMarginLoss', inputs: [{ randn: [2, 3] }, labels(3, 3)] },
  { name: 'tripletMargin margin', fn: 'tripletMarginLoss', kwargs: { margin: -1 }, inputs: [{ randn: [2, 3] }, { randn: [2, 3] }, { randn: [2, 3] }] },
  { name: 'tripletMargin shapes', fn: 'tripletMarginLoss', inputs: [{ randn: [2, 3] }, { randn: [2, 3] }, { randn: [3] }] },
  { name: 'tripletWithDistance dims', fn: 'tripletMarginWithDistanceLoss', inputs: [{ randn: [2, 3] }, { randn: [2, 3] }, { randn: [3] }] },
  { name: 'tripletWithDistance margin', fn: 'tripletMarginWithDistanceLoss', kwargs: { margin: 0 }, inputs: [{ randn: [2, 3] }, { randn: [2, 3] }, { randn: [2, 3] }] },
  { name: 'tripletWithDistance reduction', fn: 'tripletMarginWithDistanceLoss', kwargs: { reduction: 'avg' }, inputs: [{ randn: [2, 3] }, { randn: [2, 3] }, { randn: [2, 3] }] },
  { name: 'cosineEmbedding shapes', fn: 'cosineEmbeddingLoss', inputs: [{ randn: [2, 3] }, { randn: [2, 4] }, { sign: [2] }] },
  { name: 'multilabelMargin target', fn: 'multilabelMarginLoss', inputs: [{ randn: [2, 4] }, { tensor: [[1, 2, -1]], dtype: 'int64' }] },
  { name: 'hingeEmbedding shapes', fn: 'hingeEmbeddingLoss', inputs: [{ randn: [2, 4] }, { sign: [3] }] },
  { name: 'ctc input length', fn: 'ctcLoss', inputs: [lsm([8, 2, 5], 2), { randint: [1, 5, [2, 4]] }, { tensor: [9, 7], dtype: 'int64' }, { tensor: [4, 3], dtype: 'int64' }] },
  { name: 'ctc target length', fn: 'ctcLoss', inputs: [lsm([8, 2, 5], 2), { randint: [1, 5, [2, 4]] }, { tensor: [8, 7], dtype: 'int64' }, { tensor: [5, 3], dtype: 'int64' }] },
  { name: 'linearCrossEntropy 3-D input', fn: 'linearCrossEntropy', inputs: [{ randn: [2, 5, 6] }, { randn: [4, 6] }, labels(4, 2, 5)] },
  { name: 'linearCrossEntropy 1-D weight', fn: 'linearCrossEntropy', inputs: [{ randn: [5, 6] }, { randn: [6] }, labels(4, 5)] },
  { name: 'linearCrossEntropy in_features', fn: 'linearCrossEntropy', inputs: [{ randn: [5, 6] }, { randn: [4, 7] }, labels(4, 5)] },
  { name: 'linearCrossEntropy bias shape', fn: 'linearCrossEntropy', kwargs: { linearBias: { randn: [3] } }, inputs: [{ randn: [5, 6] }, { randn: [4, 6] }, labels(4, 5)] },
  { name: 'linearCrossEntropy K-dim unbatched', fn: 'linearCrossEntropy', inputs: [{ randn: [6] }, { randn: [4, 3, 6] }, labels(4, 3)] },
  { name: 'linearCrossEntropy ignoreIndex with probabilities', fn: 'linearCrossEntropy', kwargs: { ignoreIndex: 0 }, inputs: [{ randn: [5, 6] }, { randn: [4, 6] }, { rand: [5, 4] }] },
];

const py = oracleBatch<{ cases: Record<string, Record<string, LossRun>>; errors: Record<string, string | null>; warnings: string[] }>({
  cases: ['nn/functional/loss', 'cases', CASES],
  errors: ['nn/functional/loss', 'errors', ERRORS],
  warnings: ['nn/functional/loss', 'warnings'],
});

// First in the file: each warning shows once per message, as Python's default filter shows it once per line.
describe('loss functions warn as PyTorch', () => {
  it('of broadcasting targets (mse, l1, smoothL1, huber) and of klDiv\'s reduction "mean", once each', () => {
    const spy = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    try {
      for (let i = 0; i < 2; i++) {
        F.mseLoss(torch.randn(2, 5), torch.randn(5));
        F.l1Loss(torch.randn(2, 6), torch.randn(6));
        F.smoothL1Loss(torch.randn(2, 7), torch.randn(7));
        F.huberLoss(torch.randn(2, 8), torch.randn(8));
        F.klDiv(torch.randn(2, 3), torch.rand(2, 3));
        F.mseLoss(torch.randn(2, 3), torch.randn(2, 3));
      }
      expect(spy.mock.calls).toEqual(py().warnings.map((w) => [w, 'UserWarning']));
    } finally {
      spy.mockRestore();
    }
  });
});

describe('every loss function equals PyTorch (table)', () => {
  it('holds the same cases as the oracle', () => {
    expect(Object.keys(py().cases)).toEqual(CASES.map((c) => c.name));
  });
  for (const c of CASES) {
    it(c.name, () => { checkLossCase(c, py().cases[c.name]!, 2e-5); });
  }
  for (const c of ERRORS) {
    it(`error: ${c.name}`, () => {
      const want = py().errors[c.name];
      expect(want, c.name).toBeTypeOf('string');
      expect(errorOf(c)).toContain(want);
    });
  }
});

describe('loss function arguments', () => {
  const a = () => torch.randn(2, 3);

  it("Python's keyword-only arguments are keyword-only", () => {
    const twd = F.tripletMarginWithDistanceLoss as unknown as (...args: unknown[]) => Tensor;
    expect(() => twd(a(), a(), a(), null)).toThrow(/keyword-only/);
    const lce = F.linearCrossEntropy as unknown as (...args: unknown[]) => Tensor;
    expect(() => lce(a(), torch.randn(4, 3), torch.tensor([0n, 1n]), null)).toThrow(/keyword-only/);
  });

  it('unknown options are rejected by name', () => {
    expect(() => F.ctcLoss(torch.randn(8, 2, 5), torch.ones([2, 3], { dtype: 'int64' }), [8, 8], [3, 3], { blanc: 0 } as never)).toThrow(/unknown option 'blanc'/);
    expect(() => F.mseLoss(a(), a(), { sizeAverage: true } as never)).toThrow(/unknown option 'sizeAverage'/);
    expect(() => F.tripletMarginWithDistanceLoss(a(), a(), a(), { distance: null } as never)).toThrow(/unknown option 'distance'/);
    expect(() => F.gaussianNllLoss(a(), a(), 1.0, { epsilon: 1 } as never)).toThrow(/unknown option 'epsilon'/);
  });

  it('bad values are clear errors', () => {
    expect(() => F.tripletMarginWithDistanceLoss(a(), a(), a(), { distanceFunction: 3 as never })).toThrow(/distanceFunction must be a function/);
    expect(() => F.tripletMarginWithDistanceLoss(a(), a(), a(), { distanceFunction: () => 1 as never })).toThrow(/returning a Tensor/);
    expect(() => F.linearCrossEntropy(a(), torch.randn(4, 3), torch.tensor([0n, 1n]), { options: {} as never })).toThrow(/options/);
    expect(() => F.ctcLoss(torch.randn(8, 2, 5), torch.ones([2, 3], { dtype: 'int64' }), [8, 8], torch.tensor([3n, 3n]))).toThrow(/both/);
    expect(() => F.ctcLoss(torch.randn(8, 2, 5), torch.ones([2, 3], { dtype: 'int64' }), [8, 8.5], [3, 3])).toThrow(/inputLengths\[1\]/);
    expect(() => F.gaussianNllLoss(a(), a(), 'x' as never)).toThrow(TypeError);
    const lying = new Proxy([8, 8], { get: (t, k) => (k === 'length' ? 1e9 : Reflect.get(t, k)) });
    expect(() => F.ctcLoss(torch.randn(8, 2, 5), torch.ones([2, 3], { dtype: 'int64' }), lying, [3, 3])).toThrow(/hole/);
  });

  it('ctcLoss takes the lengths as arrays too', () => {
    torch.manualSeed(0);
    const lp = torch.randn(8, 2, 5).logSoftmax(2);
    const t = torch.randint(1, 5, [2, 4]);
    expectClose(F.ctcLoss(lp, t, [8, 7], [4, 3], { reduction: 'none' }),
      F.ctcLoss(lp, t, torch.tensor([8n, 7n]), torch.tensor([4n, 3n]), { reduction: 'none' }).tolist(), 1e-6);
  });
});
