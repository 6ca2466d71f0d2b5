import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import { oracle } from '../../helpers/python.js';
import { expectEachClose } from '../helpers.js';

let py: Record<string, unknown>;
beforeAll(() => { py = oracle('nn/modules/batchnorm', 'results'); });

// An array-like lying about its length (the fuzzer's Proxy reporting 1e9) as an argument.
const lying = () => new Proxy([1, 2], { get: (t, k) => (k === 'length' ? 1e9 : Reflect.get(t, k)) });
const BatchNormBase = nn.BatchNormBase as unknown as new (...a: unknown[]) => unknown;

describe('BatchNorm equals PyTorch', () => {
  it('training and eval, running statistics, cumulative average (momentum null), no running stats', () => {
    const o: Record<string, unknown> = {};
    torch.manualSeed(1);
    const x = torch.randn(4, 3, 8, 8);
    const bn2 = new nn.BatchNorm2d(3);
    o.bnTrain = bn2(x); o.bnMean = bn2.runningMean!.clone(); o.bnVar = bn2.runningVar!.clone();
    bn2.eval(); o.bnEval = bn2(x);
    const bn1 = new nn.BatchNorm1d(6, { momentum: null });
    const z = torch.randn(5, 6);
    bn1(z); bn1(z.mul(2)); o.bnCumMean = bn1.running_mean; o.bnCumVar = bn1.running_var;
    const bn3 = new nn.BatchNorm1d(4, { affine: false, trackRunningStats: false });
    const z3 = torch.randn(3, 4, 5); bn3.eval(); o.bnNoStats = bn3(z3);
    expectEachClose(o, py);
  });

  it('BatchNorm needs more than one value per channel when training', () => {
    const bn = new nn.BatchNorm1d(3);
    expect(() => bn(torch.zeros(1, 3))).toThrow('Expected more than 1 value per channel when training, got input size torch.Size([1, 3])');
    expect(() => bn(torch.zeros(2, 3, 4, 5))).toThrow('expected 2D or 3D input (got 4D input)');
    bn.eval();
    expect(bn(torch.zeros(1, 3)).shape).toEqual([1, 3]);
  });
});

describe('the abstract base nn.BatchNormBase with odd arguments', () => {
  it('a non-string name is a TypeError at once', () => {
    const t0 = Date.now();
    expect(() => new BatchNormBase(NaN, 3, lying(), 3)).toThrow(TypeError);
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('an argument list lying about its length is too many arguments, at once', () => {
    const t0 = Date.now();
    expect(() => new BatchNormBase('BatchNorm1d', 3, lying())).toThrow(/takes at most 7 positional arguments \(1000000000 given\)/);
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('ordinary subclasses are unchanged', () => {
    expect(new nn.BatchNorm1d(3, { eps: 1e-3 }).eps).toBe(1e-3);
  });
});
