import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import type { Tensor } from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import { oracle } from '../../helpers/python.js';
import { expectClose } from '../helpers.js';

const F = nn.functional;

// Every loss with every reduction (and its options), on seeded inputs, against PyTorch; plus
// the gradient of each 'mean' loss with respect to the input.
let py: { cases: unknown[]; grads: (number[][] | null)[][] };
beforeAll(() => { py = oracle('nn/modules/loss', 'results'); });

describe('losses equal PyTorch', () => {
  it('every loss, reduction and option', () => {
    torch.manualSeed(3);
    const logits = torch.randn(6, 5, { requiresGrad: true });
    const labels = torch.tensor([0n, 4n, 2n, 2n, -100n, 1n]);
    const w = torch.rand(5);
    const probsT = torch.softmax(torch.randn(6, 5), 1);
    const x = torch.randn(6, 5, { requiresGrad: true });
    const y = torch.randn(6, 5);
    const p = torch.sigmoid(torch.randn(6, 5)).requiresGrad_();
    const t = torch.rand(6, 5);
    const pw = torch.rand(5).add(0.5);
    const logq = torch.logSoftmax(torch.randn(6, 5), 1).requiresGrad_();
    const cases: Tensor[] = [];
    for (const reduction of ['mean', 'sum', 'none'] as const) {
      cases.push(new nn.NLLLoss({ reduction })(torch.logSoftmax(logits, 1), labels));
      cases.push(new nn.NLLLoss(w, { reduction })(torch.logSoftmax(logits, 1), labels));
      cases.push(new nn.CrossEntropyLoss({ reduction })(logits, labels));
      cases.push(new nn.CrossEntropyLoss({ weight: w, labelSmoothing: 0.2, reduction })(logits, labels));
      cases.push(new nn.CrossEntropyLoss({ reduction })(logits, probsT));
      cases.push(new nn.MSELoss(reduction)(x, y));
      cases.push(new nn.L1Loss({ reduction })(x, y));
      cases.push(new nn.BCELoss({ reduction })(p, t));
      cases.push(new nn.BCELoss({ weight: w, reduction })(p, t));
      cases.push(new nn.BCEWithLogitsLoss({ reduction })(x, t));
      cases.push(new nn.BCEWithLogitsLoss({ weight: w, posWeight: pw, reduction })(x, t));
      cases.push(new nn.SmoothL1Loss({ reduction, beta: 0.5 })(x, y));
      cases.push(new nn.SmoothL1Loss({ reduction, beta: 0.0 })(x, y));
      cases.push(new nn.HuberLoss({ reduction, delta: 0.7 })(x, y));
      cases.push(new nn.KLDivLoss({ reduction })(logq, probsT));
      cases.push(new nn.KLDivLoss({ reduction, logTarget: true })(logq, torch.log(probsT)));
    }
    cases.push(new nn.KLDivLoss({ reduction: 'batchmean' })(logq, probsT));
    cases.push(new nn.CrossEntropyLoss({ ignoreIndex: 2 })(logits, labels.clamp({ min: 0 })));
    expect(cases.length).toBe(py.cases.length);
    cases.forEach((c, i) => {
      try { expectClose(c, py.cases[i], 1e-5); } catch (e) { throw new Error(`case ${i}: ${(e as Error).message}`); }
    });
    const fns = [() => F.crossEntropy(logits, labels), () => F.mseLoss(x, y), () => F.binaryCrossEntropy(p, t),
      () => F.binaryCrossEntropyWithLogits(x, t, { posWeight: pw }), () => F.huberLoss(x, y), () => F.klDiv(logq, probsT, { reduction: 'batchmean' })];
    fns.forEach((f, i) => {
      for (const z of [logits, x, p, logq]) z.grad = null;
      f().backward();
      [logits, x, p, logq].forEach((z, j) => {
        const expected = py.grads[i]![j];
        if (expected === null) expect(z.grad).toBeNull();
        else expectClose(z.grad, expected, 1e-5);
      });
    });
  });

  it('weighted losses keep weight and pos_weight as buffers, as PyTorch', () => {
    expect(Object.keys(new nn.CrossEntropyLoss({ weight: torch.ones(3) }).stateDict())).toEqual(['weight']);
    expect(Object.keys(new nn.BCEWithLogitsLoss({ posWeight: torch.ones(3) }).stateDict())).toEqual(['pos_weight']);
    expect(Object.keys(new nn.NLLLoss().stateDict())).toEqual([]);
    expect(String(new nn.NLLLoss())).toBe('NLLLoss()');
  });

  it('loss modules are callable with (input, target) and give PyTorch shape errors', () => {
    const criterion = new nn.NLLLoss();
    const loss = criterion(torch.logSoftmax(torch.randn(4, 3), 1), torch.tensor([0n, 1n, 2n, 0n]));
    expect(loss.shape).toEqual([]);
    expect(() => new nn.BCELoss()(torch.rand(3), torch.rand(4)))
      .toThrow('Using a target size (torch.Size([4])) that is different to the input size (torch.Size([3])) is deprecated. Please ensure they have the same size.');
    expect(() => new nn.BCEWithLogitsLoss()(torch.rand(3), torch.rand(2, 3)))
      .toThrow('Target size (torch.Size([2, 3])) must be the same as input size (torch.Size([3]))');
    expect(() => criterion(torch.randn(4, 3), torch.tensor([0n, 1n]))).toThrow(/Expected input batch_size \(4\) to match target batch_size \(2\)/);
  });
});

// The abstract bases constructed directly with odd values (found by the fuzzer: an array-like
// lying about its length, 1e9, as the name or the argument list hung the process while an error
// message joined it).
describe('the abstract bases nn.Loss and nn.WeightedLoss with odd arguments', () => {
  const lying = () => new Proxy([1, 2], { get: (t, k) => (k === 'length' ? 1e9 : Reflect.get(t, k)) });

  it('a non-string name is a TypeError at once', () => {
    const Loss = nn.Loss as unknown as new (...a: unknown[]) => unknown;
    const WeightedLoss = nn.WeightedLoss as unknown as new (...a: unknown[]) => unknown;
    const t0 = Date.now();
    expect(() => new Loss(lying(), 3, { reduction: false })).toThrow(TypeError);
    expect(() => new WeightedLoss(lying(), 2, { dropout: false })).toThrow(TypeError);
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('ordinary subclasses are unchanged', () => {
    expect(new nn.MSELoss().reduction).toBe('mean');
    expect(new nn.NLLLoss(torch.tensor([1, 2, 1])).weight?.shape).toEqual([3]);
  });
});
