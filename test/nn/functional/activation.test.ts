import { beforeAll, describe, expect, it, vi } from 'vitest';
import * as torch from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import { oracles } from '../../helpers/python.js';
import { checkInplaceFunctionCase, type InplaceFunctionCase, type InplaceFunctionResult } from '../inplace_function_cases.js';

const F = nn.functional;
const X = { randn: [4, 6] };

// Cases of test/nn/inplace_function_cases.ts: every activation of torch.nn.functional, by position
// and by keyword, in place too; the random ones (rrelu in training, gumbelSoftmax) draw PyTorch's numbers.
const CASES: InplaceFunctionCase[] = [
  { name: 'threshold', fn: 'threshold', args: [X, 0.1, 20.5] },
  { name: 'threshold keywords', fn: 'threshold', args: [X], kwargs: { threshold: -0.1, value: 2, inplace: true } },
  { name: 'threshold_', fn: 'threshold_', args: [X, 0.1, -3] },
  { name: 'threshold_ keywords', fn: 'threshold_', args: [X], kwargs: { threshold: 0.1, value: -3 } },
  { name: 'relu', fn: 'relu', args: [X] },
  { name: 'relu in place', fn: 'relu', args: [X], kwargs: { inplace: true } },
  { name: 'relu_', fn: 'relu_', args: [X] },
  { name: 'glu', fn: 'glu', args: [X] },
  { name: 'glu dim', fn: 'glu', args: [X, 0] },
  { name: 'glu keywords', fn: 'glu', args: [X], kwargs: { dim: -2 } },
  { name: 'hardtanh', fn: 'hardtanh', args: [X, -0.5, 0.5] },
  { name: 'hardtanh keywords, in place', fn: 'hardtanh', args: [X], kwargs: { minVal: -0.2, maxVal: 0.7, inplace: true } },
  { name: 'hardtanh_', fn: 'hardtanh_', args: [X] },
  { name: 'hardtanh_ bounds', fn: 'hardtanh_', args: [X, -0.5], kwargs: { maxVal: 0.25 } },
  { name: 'relu6', fn: 'relu6', args: [{ randn: [4, 6] }], seed: 3 },
  { name: 'relu6 in place', fn: 'relu6', args: [X, true] },
  { name: 'elu', fn: 'elu', args: [X, 0.5] },
  { name: 'elu keywords, in place', fn: 'elu', args: [X], kwargs: { alpha: 1.5, inplace: true } },
  { name: 'elu_', fn: 'elu_', args: [X] },
  { name: 'elu_ alpha', fn: 'elu_', args: [X], kwargs: { alpha: 0.3 } },
  { name: 'selu', fn: 'selu', args: [X] },
  { name: 'selu in place', fn: 'selu', args: [X], kwargs: { inplace: true } },
  { name: 'selu_', fn: 'selu_', args: [X] },
  { name: 'celu', fn: 'celu', args: [X] },
  { name: 'celu alpha', fn: 'celu', args: [X, 0.5] },
  { name: 'celu keywords, in place', fn: 'celu', args: [X], kwargs: { alpha: 2.5, inplace: true } },
  { name: 'celu_', fn: 'celu_', args: [X, 0.5] },
  { name: 'celu_ keywords', fn: 'celu_', args: [X], kwargs: { alpha: 1.5 } },
  { name: 'leakyRelu', fn: 'leakyRelu', args: [X] },
  { name: 'leakyRelu keywords, in place', fn: 'leakyRelu', args: [X], kwargs: { negativeSlope: 0.2, inplace: true } },
  { name: 'leakyRelu_', fn: 'leakyRelu_', args: [X, 0.3] },
  { name: 'leakyRelu_ keywords', fn: 'leakyRelu_', args: [X], kwargs: { negativeSlope: 0.05 } },
  { name: 'prelu', fn: 'prelu', args: [X, { randn: [6] }] },
  { name: 'rrelu', fn: 'rrelu', args: [X] },
  { name: 'rrelu training', fn: 'rrelu', args: [X, 0.1, 0.3, true] },
  { name: 'rrelu keywords, training, in place', fn: 'rrelu', args: [X], kwargs: { upper: 0.5, training: true, inplace: true } },
  { name: 'rrelu_', fn: 'rrelu_', args: [X] },
  { name: 'rrelu_ training', fn: 'rrelu_', args: [X], kwargs: { lower: 0.2, training: true } },
  { name: 'logsigmoid', fn: 'logsigmoid', args: [X] },
  { name: 'gelu', fn: 'gelu', args: [X] },
  { name: 'gelu tanh', fn: 'gelu', args: [X], kwargs: { approximate: 'tanh' } },
  { name: 'hardshrink', fn: 'hardshrink', args: [X] },
  { name: 'hardshrink lambd', fn: 'hardshrink', args: [X, 1.25] },
  { name: 'hardshrink keywords', fn: 'hardshrink', args: [X], kwargs: { lambd: 0.25 } },
  { name: 'tanhshrink', fn: 'tanhshrink', args: [X] },
  { name: 'softsign', fn: 'softsign', args: [X] },
  { name: 'softplus', fn: 'softplus', args: [X, 2, 1] },
  { name: 'softplus keywords', fn: 'softplus', args: [X], kwargs: { beta: 0.5, threshold: 3 } },
  { name: 'softmin', fn: 'softmin', args: [X, 1] },
  { name: 'softmin keywords', fn: 'softmin', args: [X], kwargs: { dim: 0, dtype: 'float64' } },
  { name: 'softmax', fn: 'softmax', args: [X], kwargs: { dim: -1 } },
  { name: 'logSoftmax', fn: 'logSoftmax', args: [X, 0] },
  { name: 'softshrink', fn: 'softshrink', args: [X] },
  { name: 'softshrink keywords', fn: 'softshrink', args: [X], kwargs: { lambd: 0.75 } },
  { name: 'gumbelSoftmax', fn: 'gumbelSoftmax', args: [X] },
  { name: 'gumbelSoftmax tau, hard', fn: 'gumbelSoftmax', args: [X, 0.5, true] },
  { name: 'gumbelSoftmax keywords', fn: 'gumbelSoftmax', args: [X], kwargs: { tau: 2, hard: true, dim: 0 } },
  { name: 'tanh', fn: 'tanh', args: [X] },
  { name: 'sigmoid', fn: 'sigmoid', args: [X] },
  { name: 'hardsigmoid', fn: 'hardsigmoid', args: [X] },
  { name: 'hardsigmoid in place', fn: 'hardsigmoid', args: [X], kwargs: { inplace: true } },
  { name: 'silu', fn: 'silu', args: [X, true] },
  { name: 'mish', fn: 'mish', args: [X], kwargs: { inplace: true } },
  { name: 'hardswish', fn: 'hardswish', args: [X] },
];

let pyCases: Record<string, InplaceFunctionResult>;
let pyErrors: Record<string, string>;
let pyImplicitDim: string[];
beforeAll(() => {
  [pyCases, pyErrors, pyImplicitDim] = oracles<[typeof pyCases, typeof pyErrors, typeof pyImplicitDim]>([
    ['nn/functional/activation', 'cases', CASES], ['nn/functional/activation', 'errors'], ['nn/functional/activation', 'implicit_dim_warnings'],
  ]);
});

describe('nn.functional activations equal PyTorch: values, gradients, random draws', () => {
  it('has a result for every case', () => {
    expect(Object.keys(pyCases)).toEqual(CASES.map((c) => c.name));
  });
  for (const c of CASES) it(c.name, () => checkInplaceFunctionCase(c, pyCases[c.name]!));

  it('in-place forms return their input', () => {
    const x = torch.randn(3, 4);
    for (const f of [F.celu_, F.elu_, F.selu_, F.hardtanh_, F.leakyRelu_, F.rrelu_, F.relu_]) expect(f(x)).toBe(x);
    expect(F.threshold_(x, 0, 1)).toBe(x);
    expect(F.celu(x, { inplace: true })).toBe(x);
    expect(F.hardsigmoid(x, true)).toBe(x);
  });

  it('softmax, logSoftmax and softmin without dim warn as PyTorch (once each)', () => {
    const spy = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const x = torch.randn(2, 3);
      for (let i = 0; i < 2; i++) { F.softmax(x); F.logSoftmax(x); F.softmin(x); }
      expect(spy.mock.calls.map((c) => c[0])).toEqual(pyImplicitDim);
    } finally {
      spy.mockRestore();
    }
  });

  it('gumbelSoftmax hard gives one-hot rows', () => {
    torch.manualSeed(4);
    const y = F.gumbelSoftmax(torch.randn(5, 7), { hard: true });
    expect(y.sum(-1).tolist()).toEqual([1, 1, 1, 1, 1]);
    expect(y.eq(0).logicalOr(y.eq(1)).all().item()).toBe(true);
  });
});

describe('nn.functional activations reject bad arguments', () => {
  const x = torch.randn(2, 3);
  it('unknown keywords by name, missing required ones, wrong types', () => {
    expect(() => F.celu(x, { alpa: 1 } as never)).toThrow(/F\.celu\(\): unknown option 'alpa'/);
    expect(() => F.rrelu(x, { train: true } as never)).toThrow(/F\.rrelu\(\): unknown option 'train'/);
    expect(() => F.gumbelSoftmax(x, { temperature: 1 } as never)).toThrow(/unknown option 'temperature'/);
    // @ts-expect-error value is required (also by the types)
    expect(() => F.threshold(x, 0.5)).toThrow(/F\.threshold\(\): missing required argument 'value'/);
    // @ts-expect-error threshold is required
    expect(() => F.threshold_(x, { value: 1 })).toThrow(/missing required argument 'threshold'/);
    expect(() => F.hardshrink(x, '1' as never)).toThrow(/F\.hardshrink\(\): lambd must be a number/);
    expect(() => F.glu(x, 0.5)).toThrow(/F\.glu\(\): dim must be an integer/);
    expect(() => F.softsign([1, 2] as never)).toThrow(/F\.softsign\(\): input must be a Tensor/);
    expect(() => F.gumbelSoftmax(null as never)).toThrow(/F\.gumbelSoftmax\(\): logits must be a Tensor/);
  });
  it('bad inputs give PyTorch\'s messages', () => {
    expect(() => F.glu(x)).toThrow(pyErrors.gluOdd!);
    expect(() => F.glu(torch.tensor(1))).toThrow(pyErrors.gluScalar!);
    expect(() => F.hardtanh(x, 2, 1)).toThrow(pyErrors.hardtanh!);
    expect(() => F.softshrink(x, -1)).toThrow(pyErrors.softshrink!);
    expect(() => F.rrelu_(torch.randn(3).requiresGrad_(), { training: true })).toThrow(pyErrors.rreluLeaf!);
  });
});
