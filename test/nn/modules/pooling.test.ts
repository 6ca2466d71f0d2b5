import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import type { Tensor } from '../../../lib/torch.js';
import { oracle, oracleBatch } from '../../helpers/python.js';
import { expectEachClose } from '../helpers.js';
import { checkCase, type CaseResult, type ModuleCase } from '../module_cases.js';

const F = nn.functional;

let py: { p2: Record<string, unknown>; p1: Record<string, unknown>; p1repr: string[]; ad: Record<string, unknown>; adrepr: string };
beforeAll(() => { py = oracle('nn/modules/pooling', 'results'); });

describe('pooling equals PyTorch', () => {
  it('MaxPool2d, AvgPool2d (ceil mode, countIncludePad) and AdaptiveAvgPool2d', () => {
    torch.manualSeed(1);
    const x = torch.randn(4, 3, 8, 8);
    expectEachClose({
      maxpool: new nn.MaxPool2d(3, 2, 1)(x),
      avgpool: new nn.AvgPool2d(2)(x),
      avgpoolCeil: new nn.AvgPool2d(3, { stride: 2, ceilMode: true, countIncludePad: false })(x),
      adapool: new nn.AdaptiveAvgPool2d([3, null])(x),
    }, py.p2);
  });

  it('MaxPool2d with returnIndices gives [output, indices]', () => {
    const x = torch.arange(16, { dtype: 'float32' }).view(1, 1, 4, 4);
    const [out, idx] = F.maxPool2d(x, 2, { returnIndices: true });
    expect(out.tolist()).toEqual([[[[5, 7], [13, 15]]]]);
    expect(idx.tolist()).toEqual([[[[5, 7], [13, 15]]]]);
  });

  it('MaxPool1d and AvgPool1d: forward and repr', () => {
    torch.manualSeed(11);
    const x1 = torch.randn(2, 3, 11);
    const mp = new nn.MaxPool1d(3, 2, 1);
    const ap = new nn.AvgPool1d(3, { stride: 2, ceilMode: true, countIncludePad: false });
    expectEachClose({ mp: mp(x1), ap: ap(x1) }, py.p1);
    expect([mp, ap].map(String)).toEqual(py.p1repr);
  });

  it('AdaptiveMaxPool2d and F.adaptiveMaxPool2d with returnIndices', () => {
    torch.manualSeed(12);
    const x = torch.randn(2, 3, 7, 5);
    const amp = new nn.AdaptiveMaxPool2d([2, null]);
    const [, idx] = F.adaptiveMaxPool2d(x, 3, { returnIndices: true });
    expectEachClose({ amp: amp(x), ampIdx: idx }, py.ad);
    expect(String(amp)).toBe(py.adrepr);
  });
});

// One table run on both sides (test/nn/module_cases.ts): every layer, positional and keyword
// constructors, output, input gradient and repr.
const CASES: ModuleCase[] = [
  { name: 'MaxPool1d', cls: 'MaxPool1d', args: [3, 2, 1], input: [2, 3, 11] },
  { name: 'MaxPool1d kw', cls: 'MaxPool1d', kwargs: { kernelSize: 3, dilation: 2, ceilMode: true }, input: [2, 3, 12] },
  { name: 'MaxPool2d', cls: 'MaxPool2d', args: [[3, 2]], kwargs: { stride: [2, 1], padding: 1 }, input: [2, 3, 7, 6] },
  { name: 'MaxPool2d kw', cls: 'MaxPool2d', kwargs: { kernelSize: 3, stride: 2, padding: 1, dilation: 1, returnIndices: false, ceilMode: true }, input: [3, 8, 8] },
  { name: 'MaxPool3d', cls: 'MaxPool3d', args: [2], input: [1, 2, 4, 5, 6] },
  { name: 'MaxPool3d kw', cls: 'MaxPool3d', kwargs: { kernelSize: [2, 3, 2], stride: 1, padding: [1, 0, 1], ceilMode: true }, input: [2, 4, 5, 6] },
  { name: 'AvgPool1d', cls: 'AvgPool1d', kwargs: { kernelSize: 4, stride: 3, padding: 2, countIncludePad: false }, input: [2, 3, 11] },
  { name: 'AvgPool2d kw', cls: 'AvgPool2d', kwargs: { kernelSize: 3, stride: 2, padding: 1, ceilMode: true, divisorOverride: 5 }, input: [2, 3, 8, 7] },
  { name: 'AvgPool3d', cls: 'AvgPool3d', args: [2], input: [1, 2, 4, 4, 6] },
  { name: 'AvgPool3d kw', cls: 'AvgPool3d', args: [[3, 2, 2]], kwargs: { stride: [1, 2, 2], padding: [1, 1, 0], countIncludePad: false }, input: [2, 5, 5, 6] },
  { name: 'AvgPool3d divisor', cls: 'AvgPool3d', kwargs: { kernelSize: 2, divisorOverride: 3, ceilMode: true }, input: [1, 1, 5, 5, 5] },
  { name: 'LPPool1d', cls: 'LPPool1d', args: [2, 3], kwargs: { stride: 2 }, input: [2, 3, 11] },
  { name: 'LPPool1d kw', cls: 'LPPool1d', kwargs: { normType: 4, kernelSize: 2, ceilMode: true }, input: [2, 3, 9] },
  { name: 'LPPool2d', cls: 'LPPool2d', args: [2, [3, 2]], input: [2, 3, 9, 8] },
  { name: 'LPPool2d kw', cls: 'LPPool2d', kwargs: { normType: 2, kernelSize: 3, stride: 2, ceilMode: true }, input: [1, 2, 8, 8] },
  { name: 'LPPool3d', cls: 'LPPool3d', args: [2, 2], input: [1, 2, 4, 4, 6] },
  { name: 'LPPool3d kw', cls: 'LPPool3d', kwargs: { normType: 1, kernelSize: [2, 3, 2], stride: [1, 2, 2] }, input: [2, 5, 6, 6] },
  { name: 'AdaptiveAvgPool1d', cls: 'AdaptiveAvgPool1d', args: [4], input: [2, 3, 11] },
  { name: 'AdaptiveAvgPool1d kw', cls: 'AdaptiveAvgPool1d', kwargs: { outputSize: [3] }, input: [3, 7] },
  { name: 'AdaptiveAvgPool2d kw', cls: 'AdaptiveAvgPool2d', kwargs: { outputSize: [null, 3] }, input: [2, 3, 5, 7] },
  { name: 'AdaptiveAvgPool3d', cls: 'AdaptiveAvgPool3d', args: [[2, null, 3]], input: [1, 2, 5, 4, 7] },
  { name: 'AdaptiveAvgPool3d kw', cls: 'AdaptiveAvgPool3d', kwargs: { outputSize: 2 }, input: [2, 5, 4, 7] },
  { name: 'AdaptiveMaxPool1d', cls: 'AdaptiveMaxPool1d', args: [4], input: [2, 3, 11] },
  { name: 'AdaptiveMaxPool1d kw', cls: 'AdaptiveMaxPool1d', kwargs: { outputSize: 3, returnIndices: false }, input: [3, 7] },
  { name: 'AdaptiveMaxPool2d kw', cls: 'AdaptiveMaxPool2d', kwargs: { outputSize: [3, null] }, input: [2, 3, 5, 7] },
  { name: 'AdaptiveMaxPool3d', cls: 'AdaptiveMaxPool3d', args: [[2, 3, null]], input: [1, 2, 5, 4, 7] },
  { name: 'AdaptiveMaxPool3d kw', cls: 'AdaptiveMaxPool3d', kwargs: { outputSize: 2 }, input: [2, 5, 4, 7] },
  // torch.rand draws the windows in forward, after randn drew the input: the same seed gives the same windows.
  { name: 'FractionalMaxPool2d', cls: 'FractionalMaxPool2d', args: [3], kwargs: { outputSize: [5, 4] }, input: [2, 3, 10, 9], seed: 3 },
  { name: 'FractionalMaxPool2d kw', cls: 'FractionalMaxPool2d', kwargs: { kernelSize: [2, 3], outputRatio: [0.5, 0.7] }, input: [3, 11, 10], seed: 4 },
  { name: 'FractionalMaxPool3d', cls: 'FractionalMaxPool3d', args: [2, 3], input: [1, 2, 7, 6, 8], seed: 5 },
  { name: 'FractionalMaxPool3d kw', cls: 'FractionalMaxPool3d', kwargs: { kernelSize: [2, 2, 1], outputRatio: 0.5 }, input: [2, 8, 6, 7], seed: 6 },
];

const INDEX_CASES: ModuleCase[] = [
  { name: 'MaxPool1d', cls: 'MaxPool1d', args: [3, 2], kwargs: { returnIndices: true }, input: [2, 3, 11] },
  { name: 'MaxPool2d', cls: 'MaxPool2d', kwargs: { kernelSize: 2, returnIndices: true, ceilMode: true }, input: [2, 3, 7, 7] },
  { name: 'MaxPool3d', cls: 'MaxPool3d', args: [2, 1, 1, 1, true], input: [1, 2, 4, 5, 3] },
  { name: 'AdaptiveMaxPool1d', cls: 'AdaptiveMaxPool1d', args: [4, true], input: [2, 3, 11] },
  { name: 'AdaptiveMaxPool2d', cls: 'AdaptiveMaxPool2d', kwargs: { outputSize: [3, 2], returnIndices: true }, input: [2, 3, 7, 5] },
  { name: 'AdaptiveMaxPool3d', cls: 'AdaptiveMaxPool3d', args: [2], kwargs: { returnIndices: true }, input: [1, 2, 5, 4, 7] },
  { name: 'FractionalMaxPool2d', cls: 'FractionalMaxPool2d', args: [2, 3, null, true], input: [2, 3, 7, 7], seed: 7 },
  { name: 'FractionalMaxPool3d', cls: 'FractionalMaxPool3d', kwargs: { kernelSize: 2, outputSize: [3, 2, 3], returnIndices: true }, input: [1, 2, 6, 5, 7], seed: 8 },
];

const more = oracleBatch<{
  cases: Record<string, CaseResult>;
  indices: Record<string, { out: unknown; indices: unknown; inputGrad: unknown; repr: string }>;
  unpool: Record<string, { out: unknown; grad: unknown; repr: string }> & { badSize: string; badLen: string };
  fractional: { a: unknown; b: unknown; fixed: unknown; fixedIdx: unknown; c: unknown; keys: string[]; fixedKeys: string[]; repr: string; errors: string[] };
}>({
  cases: ['nn/modules/pooling', 'cases', CASES],
  indices: ['nn/modules/pooling', 'with_indices', INDEX_CASES],
  unpool: ['nn/modules/pooling', 'unpool'],
  fractional: ['nn/modules/pooling', 'fractional'],
});

describe('every pooling layer equals PyTorch (table)', () => {
  it('both sides ran the same cases', () => {
    expect(Object.keys(more().cases)).toEqual(CASES.map((c) => c.name));
  });
  for (const c of CASES) {
    it(c.name, () => { checkCase(c, more().cases[c.name]!); });
  }
});

describe('returnIndices', () => {
  for (const c of INDEX_CASES) {
    it(`${c.name} returns [output, indices] as PyTorch`, () => {
      const want = more().indices[c.name]!;
      torch.manualSeed(c.seed ?? 0);
      const Cls = (nn as unknown as Record<string, new (...a: unknown[]) => nn.Module>)[c.cls]!;
      const m = new Cls(...(c.args ?? []), ...(c.kwargs ? [c.kwargs] : []));
      const x = torch.randn(c.input).requiresGrad_();
      const [y, idx] = (m as unknown as (t: Tensor) => [Tensor, Tensor])(x);
      y.backward(torch.randnLike(y));
      expect(idx.dtype).toBe('int64');
      expect(idx.tolist()).toEqual(want.indices);
      expectEachClose({ out: y, inputGrad: x.grad }, { out: want.out, inputGrad: want.inputGrad });
      expect(String(m)).toBe(want.repr);
    });
  }
});

describe('MaxUnpool', () => {
  it('MaxUnpool1d/2d/3d invert MaxPool with indices (default and given output size), with gradients', () => {
    const py = more().unpool;
    const shapes: [1 | 2 | 3, number[], number[] | null][] = [[1, [2, 3, 9], [9]], [1, [2, 3, 8], null], [2, [2, 3, 5, 7], [2, 3, 5, 7]], [3, [1, 2, 5, 4, 6], null]];
    for (const [i, [n, shape, size]] of shapes.entries()) {
      torch.manualSeed(20 + i);
      const x = torch.randn(shape);
      const Pool = [nn.MaxPool1d, nn.MaxPool2d, nn.MaxPool3d][n - 1]!;
      const Unpool = [nn.MaxUnpool1d, nn.MaxUnpool2d, nn.MaxUnpool3d][n - 1]!;
      const pool = new Pool(2, { stride: 2, returnIndices: true });
      const un = new Unpool({ kernelSize: 2, stride: 2 });
      const [y0, idx] = pool(x) as unknown as [Tensor, Tensor];
      const y = y0.detach().requiresGrad_();
      const a = size === null ? un(y, idx) : i === 0 ? un(y, idx, size) : un(y, idx, { outputSize: size });
      a.backward(torch.randnLike(a));
      const want = py[i]!;
      expectEachClose({ out: a, grad: y.grad }, { out: want.out, grad: want.grad });
      expect(String(un)).toBe(want.repr);
    }
  });

  it('a bad outputSize gets PyTorch\'s message', () => {
    const un = new nn.MaxUnpool2d(2);
    const [y, idx] = new nn.MaxPool2d(2, { returnIndices: true })(torch.randn(1, 1, 4, 4)) as unknown as [Tensor, Tensor];
    expect(() => un(y, idx, [7, 4])).toThrow(more().unpool.badSize);
    expect(() => un(y, idx, [1, 4, 4])).toThrow(more().unpool.badLen);
  });
});

describe('FractionalMaxPool', () => {
  it('draws its windows with torch.rand as Python does, or takes them from _randomSamples (a buffer)', () => {
    const py = more().fractional;
    torch.manualSeed(5);
    const x = torch.randn(2, 3, 9, 9);
    const m = new nn.FractionalMaxPool2d(3, { outputSize: 4 });
    const a = m(x);
    const b = m(x);
    const samples = torch.rand(2, 3, 2);
    const fixed = new nn.FractionalMaxPool2d(2, { outputRatio: 0.5, returnIndices: true, _randomSamples: samples });
    const [fo, fi] = fixed(x) as unknown as [Tensor, Tensor];
    const x3 = torch.randn(1, 2, 6, 7, 8);
    const c = new nn.FractionalMaxPool3d(2, { outputRatio: [0.5, 0.5, 0.6] })(x3);
    expectEachClose({ a, b, fixed: fo, c }, { a: py.a, b: py.b, fixed: py.fixed, c: py.c });
    expect(fi.tolist()).toEqual(py.fixedIdx);
    expect(Object.keys(m.stateDict())).toEqual(py.keys);
    expect(Object.keys(fixed.stateDict())).toEqual(py.fixedKeys);
    expect(String(m)).toBe(py.repr);
  });

  it('constructor errors carry PyTorch\'s messages', () => {
    const [none, both, ratio, zero] = more().fractional.errors;
    expect(() => new nn.FractionalMaxPool2d(2)).toThrow(none);
    expect(() => new nn.FractionalMaxPool2d(2, { outputSize: 3, outputRatio: 0.5 })).toThrow(both);
    expect(() => new nn.FractionalMaxPool2d(2, { outputRatio: 1.5 })).toThrow(ratio);
    expect(() => new nn.FractionalMaxPool3d(0, { outputSize: 2 })).toThrow(zero);
  });
});

describe('keyword constructors', () => {
  it('every layer takes its required arguments by name; unknown keys and missing ones are rejected by name', () => {
    expect(String(new nn.MaxPool2d({ kernelSize: 3 }))).toBe(String(new nn.MaxPool2d(3)));
    expect(String(new nn.AvgPool1d({ kernelSize: 2, stride: 1 }))).toBe(String(new nn.AvgPool1d(2, 1)));
    expect(String(new nn.LPPool2d({ normType: 2, kernelSize: 3 }))).toBe(String(new nn.LPPool2d(2, 3)));
    expect(String(new nn.LPPool1d({ normType: 1.5, kernelSize: 2 }))).toBe('LPPool1d(norm_type=1.5, kernel_size=2, stride=None, ceil_mode=False)');
    expect(String(new nn.MaxUnpool3d({ kernelSize: 2, padding: 1 }))).toBe(String(new nn.MaxUnpool3d(2, null, 1)));
    expect(() => new nn.MaxPool2d({ kernelSize: 3, kernel: 2 } as never)).toThrow(/unknown option 'kernel'/);
    expect(() => new nn.MaxPool3d({ stride: 2 } as never)).toThrow(/kernelSize/);
    expect(() => new nn.LPPool1d(2, { stride: 1 } as never)).toThrow(/kernelSize/);
    expect(() => new nn.AdaptiveAvgPool3d([1, 2] as never)).toThrow(TypeError);
    expect(() => new nn.AdaptiveMaxPool1d({ outputSize: -1 })).toThrow(RangeError);
    expect(() => new nn.MaxPool2d(2, { padding: -1 })).toThrow(/padding must be non-negative/);
    expect(() => new nn.AvgPool3d(2, 2, 0, 'yes' as never)).toThrow(/ceilMode must be a boolean/);
  });
});
