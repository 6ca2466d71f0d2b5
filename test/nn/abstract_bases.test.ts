// The abstract bases nn.Loss, nn.WeightedLoss and nn.BatchNormBase constructed directly with odd
// values (found by the fuzzer: an array-like lying about its length, 1e9, as the name or the
// argument list hung the process while an error message joined it).
import { describe, it, expect } from 'vitest';
import * as torch from '../../lib/index.js';

const lying = () => new Proxy([1, 2], { get: (t, k) => (k === 'length' ? 1e9 : Reflect.get(t, k)) });

describe('nn abstract bases with odd arguments', () => {
  it('a non-string name is a TypeError at once', () => {
    const Loss = torch.nn.Loss as unknown as new (...a: unknown[]) => unknown;
    const WeightedLoss = torch.nn.WeightedLoss as unknown as new (...a: unknown[]) => unknown;
    const BatchNormBase = torch.nn.BatchNormBase as unknown as new (...a: unknown[]) => unknown;
    const t0 = Date.now();
    expect(() => new Loss(lying(), 3, { reduction: false })).toThrow(TypeError);
    expect(() => new WeightedLoss(lying(), 2, { dropout: false })).toThrow(TypeError);
    expect(() => new BatchNormBase(NaN, 3, lying(), 3)).toThrow(TypeError);
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('an argument list lying about its length is too many arguments, at once', () => {
    const BatchNormBase = torch.nn.BatchNormBase as unknown as new (...a: unknown[]) => unknown;
    const t0 = Date.now();
    expect(() => new BatchNormBase('BatchNorm1d', 3, lying())).toThrow(/takes at most 7 positional arguments \(1000000000 given\)/);
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('ordinary subclasses are unchanged', () => {
    expect(new torch.nn.MSELoss().reduction).toBe('mean');
    expect(new torch.nn.BatchNorm1d(3, { eps: 1e-3 }).eps).toBe(1e-3);
    expect(new torch.nn.NLLLoss(torch.tensor([1, 2, 1])).weight?.shape).toEqual([3]);
  });
});
