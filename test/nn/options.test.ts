import { describe, expect, it } from 'vitest';
import * as torch from '../../lib/torch.js';
import * as nn from '../../lib/nn/index.js';

const F = nn.functional;

// Options: positional as in PyTorch or a trailing options object; bad values name the option.
describe('options', () => {
  it('accepts positional values, options objects, and both', () => {
    expect(new nn.Linear(4, 2, false).bias).toBeNull();
    expect(new nn.Linear(4, 2, { bias: false }).bias).toBeNull();
    expect(new nn.Dropout(0.3).p).toBe(0.3);
    expect(new nn.Dropout({ p: 0.3 }).p).toBe(0.3);
    expect(new nn.Dropout(0.3, { inplace: true }).inplace).toBe(true);
    expect(new nn.LogSoftmax({ dim: 1 }).dim).toBe(1);
    expect(new nn.LogSoftmax(1).dim).toBe(1);
    expect(new nn.Conv2d(1, 2, 3, 2, 1).stride).toEqual([2, 2]);
    expect(new nn.Linear(2, 2, { dtype: 'float64' }).weight.dtype).toBe('float64');
    expect(new nn.BatchNorm1d(4, { dtype: 'float64' }).running_mean!.dtype).toBe('float64');
    const x = torch.randn(2, 3);
    expect(F.logSoftmax(x, 1).equal(F.logSoftmax(x, { dim: 1 }))).toBe(true);
  });

  it('rejects bad types with TypeErrors naming the option', () => {
    expect(() => new nn.Linear(784, '256' as unknown as number)).toThrow(TypeError);
    expect(() => new nn.Linear(784, '256' as unknown as number)).toThrow(/outFeatures must be an integer/);
    expect(() => new nn.Linear(784, 256, { bias: 1 as unknown as boolean })).toThrow(/Linear\(\): bias must be a boolean/);
    expect(() => new nn.Linear(784, 256, { biass: true } as unknown as nn.LinearOptions)).toThrow(/Linear\(\): unknown option 'biass'/);
    expect(() => new nn.Linear(784, 256, false, { bias: true } as never)).toThrow(/got multiple values for argument 'bias'/);
    expect(() => new nn.Dropout('a' as unknown as number)).toThrow(/Dropout\(\): p must be a number/);
    expect(() => new nn.Conv2d(1, 2, 3, { paddingMode: 'mirror' as 'zeros' })).toThrow(/paddingMode must be one of 'zeros', 'reflect', 'replicate', 'circular'/);
    expect(() => new nn.Conv2d(1, 2, 3, { padding: 'full' as 'same' })).toThrow(/padding must be one of 'valid', 'same'/);
    expect(() => new nn.Conv2d(1, 2, [3, 3, 3])).toThrow(/kernelSize must be an integer or an array of 2 integers/);
    expect(() => new nn.NLLLoss({ reduction: 'avg' as 'mean' })).toThrow(/reduction must be one of 'none', 'mean', 'sum'/);
    expect(() => new nn.GELU({ approximate: 'fast' as 'tanh' })).toThrow(/approximate must be one of 'none', 'tanh'/);
    expect(() => new nn.CrossEntropyLoss({ weight: [1, 2] as unknown as torch.Tensor })).toThrow(/weight must be a Tensor or null/);
    expect(() => F.dropout(torch.ones(2), { training: 'yes' as unknown as boolean })).toThrow(/F.dropout\(\): training must be a boolean/);
    expect(() => F.nllLoss(torch.ones(2, 2), torch.zeros(2), { reduction: 'avg' as 'mean' })).toThrow(/avg is not a valid value for reduction/);
    // An array-like reduction is described, not joined (the fuzzer's Proxy reporting length 1e9 hung here).
    const lying = new Proxy([1, 2], { get: (t, k) => (k === 'length' ? 1e9 : Reflect.get(t, k)) });
    expect(() => F.nllLoss(torch.ones(2, 2), torch.zeros(2), { reduction: lying as unknown as 'mean' })).toThrow(/\(got an array\): an array is not a valid value/);
    expect(() => F.klDiv(torch.ones(2), torch.ones(2), lying as unknown as 'mean')).toThrow(TypeError);
    expect(() => new nn.Sequential(new nn.ReLU(), 3 as unknown as nn.Module)).toThrow(/Sequential\(\): argument 1 must be an nn.Module/);
  });

  it('rejects out-of-range values with RangeErrors naming the option', () => {
    expect(() => new nn.Linear(-1, 2)).toThrow(RangeError);
    expect(() => new nn.Linear(-1, 2)).toThrow(/inFeatures must be non-negative/);
    expect(() => new nn.Dropout(1.5)).toThrow(RangeError);
    expect(() => new nn.Dropout(1.5)).toThrow(/dropout probability has to be between 0 and 1, but got 1.5/);
    expect(() => F.dropout(torch.ones(2), -0.1)).toThrow(RangeError);
    expect(() => new nn.Conv2d(3, 4, 3, { groups: 2 })).toThrow(/inChannels must be divisible by groups/);
    expect(() => new nn.Conv2d(4, 4, 3, { groups: 0 })).toThrow(/groups must be a positive integer/);
    expect(() => new nn.Conv2d(4, 4, 3, { stride: 0 })).toThrow(/stride must be a positive integer/);
    expect(() => new nn.Conv2d(4, 4, 3, { stride: 2, padding: 'same' })).toThrow(/padding='same' is not supported for strided convolutions/);
    expect(() => new nn.Embedding(5, 2, { paddingIdx: 5 })).toThrow(/paddingIdx must be within numEmbeddings/);
    expect(() => new nn.Hardtanh(1, -1)).toThrow(/maxVal must be greater than minVal/);
    expect(() => new nn.CrossEntropyLoss({ labelSmoothing: 2 })).toThrow(/labelSmoothing must be between 0.0 and 1.0/);
    const AnyLinear = nn.Linear as unknown as new (...args: unknown[]) => nn.Linear;
    expect(() => new AnyLinear(2, 2, true, { dtype: 'float32' }, 5)).toThrow(TypeError);
  });

  it("passes LibTorch's shape errors through", () => {
    expect(() => new nn.Linear(5, 2)(torch.zeros(4, 3))).toThrow('mat1 and mat2 shapes cannot be multiplied (4x3 and 5x2)');
    expect(() => new nn.Conv2d(3, 4, 3)(torch.zeros(1, 2, 8, 8))).toThrow(/expected input\[1, 2, 8, 8\] to have 3 channels, but got 2 channels instead/);
  });

  it('validates Module method arguments', () => {
    const m = new nn.Linear(2, 2);
    expect(() => m.train('yes' as unknown as boolean)).toThrow(/train\(mode\): mode must be a boolean/);
    expect(() => m.to(42 as unknown as 'cpu')).toThrow(TypeError);
    expect(() => m.to({ device: 'cpu', dtpye: 'float64' } as never)).toThrow(/unknown option 'dtpye'/);
    expect(() => m.registerForwardHook(null as never)).toThrow(/hook must be a function/);
    expect(() => m.loadStateDict(m.stateDict(), { strict: 'no' as unknown as boolean })).toThrow(/strict must be a boolean/);
    expect(() => m.apply(3 as never)).toThrow(/apply\(fn\): fn must be a function/);
  });
});
