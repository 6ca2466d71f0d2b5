import { beforeAll, describe, expect, it, vi } from 'vitest';
import * as torch from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import { oracles } from '../../helpers/python.js';
import { expectClose } from '../helpers.js';
import { checkUnaryLayerCase, type UnaryLayerCase, type UnaryLayerResult } from '../unary_layer_cases.js';

// Floats that are not integers in the reprs: Python prints an int argument as an int, and a JS number
// has no int/float type (the layers print floats, as for PyTorch's float defaults).
const CASES: UnaryLayerCase[] = [
  { name: 'Threshold', cls: 'Threshold', args: [0.1, 20.5], input: [3, 5] },
  { name: 'Threshold keywords', cls: 'Threshold', kwargs: { threshold: 0.1, value: 20.5 }, input: [3, 5] },
  { name: 'Threshold value by keyword, in place', cls: 'Threshold', args: [-0.2], kwargs: { value: -3.5, inplace: true }, input: [3, 5] },
  { name: 'RReLU training', cls: 'RReLU', input: [4, 6] },
  { name: 'RReLU bounds', cls: 'RReLU', args: [0.1, 0.3], input: [4, 6] },
  { name: 'RReLU keywords, in place', cls: 'RReLU', kwargs: { lower: 0.1, upper: 0.3, inplace: true }, input: [4, 6] },
  { name: 'RReLU eval', cls: 'RReLU', input: [4, 6], eval: true },
  { name: 'Hardtanh', cls: 'Hardtanh', args: [-0.5, 0.5], input: [3, 5] },
  { name: 'Hardtanh keywords, in place', cls: 'Hardtanh', kwargs: { minVal: -1.5, maxVal: 0.5, inplace: true }, input: [3, 5] },
  { name: 'ReLU6', cls: 'ReLU6', input: [3, 5] },
  { name: 'ReLU6 in place', cls: 'ReLU6', kwargs: { inplace: true }, input: [3, 5] },
  { name: 'Hardsigmoid', cls: 'Hardsigmoid', input: [3, 5] },
  { name: 'Hardsigmoid in place', cls: 'Hardsigmoid', kwargs: { inplace: true }, input: [3, 5] },
  { name: 'CELU', cls: 'CELU', input: [3, 5] },
  { name: 'CELU alpha', cls: 'CELU', args: [0.5], input: [3, 5] },
  { name: 'CELU keywords, in place', cls: 'CELU', kwargs: { alpha: 1.5, inplace: true }, input: [3, 5] },
  { name: 'ELU keywords', cls: 'ELU', kwargs: { alpha: 0.5 }, input: [3, 5] },
  { name: 'ELU in place', cls: 'ELU', args: [1.5, true], input: [3, 5] },
  { name: 'SELU in place', cls: 'SELU', kwargs: { inplace: true }, input: [3, 5] },
  { name: 'GLU', cls: 'GLU', input: [4, 6] },
  { name: 'GLU keywords', cls: 'GLU', kwargs: { dim: 0 }, input: [4, 6] },
  { name: 'GELU keywords', cls: 'GELU', kwargs: { approximate: 'tanh' }, input: [3, 5] },
  { name: 'Hardshrink', cls: 'Hardshrink', input: [3, 5] },
  { name: 'Hardshrink keywords', cls: 'Hardshrink', kwargs: { lambd: 1.5 }, input: [3, 5] },
  { name: 'Softshrink', cls: 'Softshrink', args: [0.3], input: [3, 5] },
  { name: 'Softshrink keywords', cls: 'Softshrink', kwargs: { lambd: 0.3 }, input: [3, 5] },
  { name: 'LeakyReLU keywords', cls: 'LeakyReLU', kwargs: { negativeSlope: 0.2 }, input: [3, 5] },
  { name: 'LeakyReLU in place', cls: 'LeakyReLU', args: [0.3], kwargs: { inplace: true }, input: [3, 5] },
  { name: 'Softplus keywords', cls: 'Softplus', kwargs: { beta: 2.5, threshold: 1.5 }, input: [3, 5] },
  { name: 'Softsign', cls: 'Softsign', input: [3, 5] },
  { name: 'Tanhshrink', cls: 'Tanhshrink', input: [3, 5] },
  { name: 'Softmax2d', cls: 'Softmax2d', input: [2, 3, 4, 5] },
  { name: 'Softmax2d unbatched', cls: 'Softmax2d', input: [3, 4, 5] },
  { name: 'Softmax keywords', cls: 'Softmax', kwargs: { dim: 0 }, input: [3, 5] },
  { name: 'LogSoftmax keywords', cls: 'LogSoftmax', kwargs: { dim: -1 }, input: [3, 5] },
  { name: 'Softmin', cls: 'Softmin', args: [1], input: [3, 5] },
  { name: 'PReLU keywords', cls: 'PReLU', kwargs: { numParameters: 4, init: 0.1 }, input: [2, 4, 3] },
  { name: 'PReLU init by keyword', cls: 'PReLU', args: [4], kwargs: { init: -0.5 }, input: [2, 4, 3] },
  { name: 'ReLU in place', cls: 'ReLU', kwargs: { inplace: true }, input: [3, 5] },
  { name: 'SiLU in place', cls: 'SiLU', kwargs: { inplace: true }, input: [3, 5] },
  { name: 'Mish in place', cls: 'Mish', args: [true], input: [3, 5] },
  { name: 'Hardswish in place', cls: 'Hardswish', kwargs: { inplace: true }, input: [3, 5] },
];

let py: { acts: unknown[]; more: unknown[]; moreRepr: string[]; softmin: unknown; softminRepr: string };
let pyCases: Record<string, UnaryLayerResult>;
let pyErrors: Record<string, string>;
let pyHardtanh: { values: number[]; warnings: [string, string][] };
beforeAll(() => {
  [py, pyCases, pyErrors, pyHardtanh] = oracles<[typeof py, typeof pyCases, typeof pyErrors, typeof pyHardtanh]>([
    ['nn/modules/activation', 'results'], ['nn/modules/activation', 'cases', CASES], ['nn/modules/activation', 'errors'],
    ['nn/modules/activation', 'hardtanh_deprecated'],
  ]);
});

describe('activations equal PyTorch', () => {
  it('ReLU, LeakyReLU, ELU, SELU, GELU, SiLU, Mish, Sigmoid, Tanh, Softplus, Softmax, LogSoftmax, Hardtanh, PReLU', () => {
    torch.manualSeed(1);
    const a = torch.randn(3, 4);
    const acts: nn.Module[] = [new nn.ReLU(), new nn.LeakyReLU(0.2), new nn.ELU(0.5), new nn.SELU(), new nn.GELU(), new nn.GELU({ approximate: 'tanh' }),
      new nn.SiLU(), new nn.Mish(), new nn.Sigmoid(), new nn.Tanh(), new nn.Softplus(2.0, 1.0), new nn.Softmax({ dim: 0 }), new nn.LogSoftmax({ dim: 1 }), new nn.Softmax(),
      new nn.Hardtanh(-0.5, 0.5), new nn.PReLU(), new nn.PReLU(4, 0.1)];
    acts.forEach((m, i) => {
      try { expectClose(m(a), py.acts[i]); } catch (e) { throw new Error(`${String(m)}: ${(e as Error).message}`); }
    });
  });

  it('ReLU6 (also in place), LogSigmoid, Hardswish: forward and repr', () => {
    torch.manualSeed(11);
    const x1 = torch.randn(2, 3, 11);
    const more: nn.Module[] = [new nn.ReLU6(), new nn.LogSigmoid(), new nn.Hardswish(), new nn.ReLU6({ inplace: true })];
    more.forEach((m, i) => {
      try { expectClose(m(x1.clone()), py.more[i]); } catch (e) { throw new Error(`${String(m)}: ${(e as Error).message}`); }
    });
    expect(more.map(String)).toEqual(py.moreRepr);
  });

  it('Softmin: forward and repr', () => {
    torch.manualSeed(12);
    const b = torch.randn(4, 6);
    expectClose(new nn.Softmin({ dim: 1 })(b), py.softmin);
    expect(String(new nn.Softmin(1))).toBe(py.softminRepr);
  });
});

describe('every activation layer, by position and by keyword: values, gradients, repr and random draws as PyTorch', () => {
  it('has a result for every case', () => {
    expect(Object.keys(pyCases)).toEqual(CASES.map((c) => c.name));
  });
  for (const c of CASES) it(c.name, () => checkUnaryLayerCase(c, pyCases[c.name]!));
});

describe('keyword constructors are typed (checked by tsc over the tests)', () => {
  it('every option by name sets the attribute of PyTorch\'s name', () => {
    expect(new nn.LeakyReLU({ negativeSlope: 0.2 }).negativeSlope).toBe(0.2);
    expect(new nn.Softplus({ beta: 2 }).beta).toBe(2);
    expect(new nn.CELU({ alpha: 0.5, inplace: true }).alpha).toBe(0.5);
    expect(new nn.ELU(0.5, { inplace: true }).inplace).toBe(true);
    expect(new nn.GLU({ dim: 0 }).dim).toBe(0);
    expect(new nn.Hardshrink({ lambd: 1.5 }).lambd).toBe(1.5);
    expect(new nn.Softshrink(0.25).lambd).toBe(0.25);
    expect(new nn.Hardsigmoid({ inplace: true }).inplace).toBe(true);
    const r = new nn.RReLU(0.1, { upper: 0.2 });
    expect([r.lower, r.upper, r.inplace]).toEqual([0.1, 0.2, false]);
    const t = new nn.Threshold(0.1, { value: 0.5 });
    expect([t.threshold, t.value]).toEqual([0.1, 0.5]);
    expect(new nn.Hardtanh({ maxVal: 2 }).minVal).toBe(-1);
    expect(new nn.ReLU6({ inplace: true }).maxVal).toBe(6);
    expect(new nn.PReLU({ numParameters: 3 }).weight.shape).toEqual([3]);
    expect(new nn.Softmax({ dim: -1 }).dim).toBe(-1);
    expect(new nn.LogSoftmax(1).dim).toBe(1);
    expect(new nn.GELU({ approximate: 'tanh' }).approximate).toBe('tanh');
    expect(new nn.Softmax2d()).toBeInstanceOf(nn.Module);
  });
});

describe('activation layers reject bad arguments', () => {
  it('an unknown keyword, by name', () => {
    expect(() => new nn.LeakyReLU({ negativeSlop: 0.2 } as never)).toThrow(/LeakyReLU\(\): unknown option 'negativeSlop'/);
    expect(() => new nn.RReLU({ low: 0.1 } as never)).toThrow(/unknown option 'low'/);
    expect(() => new nn.Threshold(0.1, 2, { inplac: true } as never)).toThrow(/unknown option 'inplac'/);
    expect(() => new nn.ReLU6({ minVal: 0 } as never)).toThrow(/ReLU6\(\): unknown option 'minVal'/);
  });
  it('Threshold needs threshold and value; a value given twice', () => {
    // @ts-expect-error value is required (also by the types)
    expect(() => new nn.Threshold(0.1)).toThrow(/Threshold\(\): missing required argument 'value'/);
    // @ts-expect-error threshold is required
    expect(() => new nn.Threshold({ value: 1 })).toThrow(/missing required argument 'threshold'/);
    expect(() => new nn.Threshold(0.1, 2, { value: 3 } as never)).toThrow(/got multiple values for argument 'value'/);
  });
  it('wrong types name the argument', () => {
    expect(() => new nn.CELU({ alpha: '1' as never })).toThrow(TypeError);
    expect(() => new nn.CELU({ alpha: '1' as never })).toThrow(/CELU\(\): alpha must be a number/);
    expect(() => new nn.GLU(0.5)).toThrow(/GLU\(\): dim must be an integer/);
    expect(() => new nn.Hardshrink({ lambd: null as never })).toThrow(/lambd must be a number/);
  });
  it('bad inputs give PyTorch\'s messages', () => {
    expect(() => new nn.Softmax2d()(torch.randn(2, 3))).toThrow(pyErrors.softmax2d!);
    expect(() => new nn.GLU()(torch.randn(2, 3))).toThrow(pyErrors.glu!);
    expect(() => new nn.Softshrink(-1)(torch.randn(2, 3))).toThrow(pyErrors.softshrink!);
    expect(() => new nn.GLU()(torch.tensor(1))).toThrow(/glu does not support scalars/);
  });
  it('Hardtanh takes PyTorch\'s deprecated minValue/maxValue keywords', () => {
    const spy = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const h = new nn.Hardtanh({ minValue: -2.5, maxValue: 3.5 });
      expect([h.minVal, h.maxVal]).toEqual(pyHardtanh.values);
      expect(spy.mock.calls.map((c) => [c[0], c[1]])).toEqual(pyHardtanh.warnings);
    } finally {
      spy.mockRestore();
    }
    expect(new nn.ReLU6()).toBeInstanceOf(nn.Hardtanh);
  });
});
