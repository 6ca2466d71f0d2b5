import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import type { Tensor } from '../../../lib/torch.js';
import { oracles } from '../../helpers/python.js';
import { expectClose, expectEachClose } from '../helpers.js';
import { checkFunctionCase, type FunctionCase, type FunctionResult } from '../function_cases.js';

const F = nn.functional;
const r = (...shape: number[]) => ({ randn: shape });

// One table, run on both sides: values and gradients of every pooling function, positional and keyword forms.
const table: FunctionCase[] = [
  { name: 'maxPool1d', fn: 'maxPool1d', args: [r(2, 3, 11), 3, 2, 1, 2, true] },
  { name: 'maxPool2d', fn: 'maxPool2d', args: [r(2, 3, 7, 8), [3, 2]], kwargs: { stride: [2, 1], padding: [1, 0], ceilMode: true } },
  { name: 'maxPool3d', fn: 'maxPool3d', args: [r(1, 2, 5, 4, 6), 2], kwargs: { stride: 1, dilation: [1, 2, 1] } },
  { name: 'maxPool3dUnbatched', fn: 'maxPool3d', args: [r(2, 4, 4, 4), [2, 2, 1], null, [1, 0, 0]] },
  { name: 'avgPool1d', fn: 'avgPool1d', args: [r(2, 3, 10), 3], kwargs: { stride: 2, padding: 1, ceilMode: true, countIncludePad: false } },
  { name: 'avgPool2d', fn: 'avgPool2d', args: [r(2, 3, 7, 7), 3, 2, 1, false, true, 4] },
  { name: 'avgPool3d', fn: 'avgPool3d', args: [r(1, 2, 5, 5, 6), [2, 3, 2]], kwargs: { stride: [1, 2, 2], padding: 1, countIncludePad: false } },
  { name: 'avgPool3dDivisor', fn: 'avgPool3d', args: [r(2, 4, 4, 4), 2], kwargs: { divisorOverride: 3, ceilMode: true } },
  { name: 'lpPool1d', fn: 'lpPool1d', args: [r(2, 3, 9), 2, 3], kwargs: { stride: 2 } },
  { name: 'lpPool2d', fn: 'lpPool2d', args: [r(1, 2, 8, 7), 4, [2, 3], null, true] },
  { name: 'lpPool3d', fn: 'lpPool3d', args: [r(1, 2, 4, 4, 5), 1, 2], kwargs: { ceilMode: true } },
  { name: 'adaptiveAvgPool1d', fn: 'adaptiveAvgPool1d', args: [r(2, 3, 11), 4] },
  { name: 'adaptiveAvgPool2d', fn: 'adaptiveAvgPool2d', args: [r(2, 3, 7, 5), [null, 2]] },
  { name: 'adaptiveAvgPool3d', fn: 'adaptiveAvgPool3d', args: [r(1, 2, 5, 6, 7), [2, null, 3]] },
  { name: 'adaptiveMaxPool1d', fn: 'adaptiveMaxPool1d', args: [r(2, 3, 11), [4]] },
  { name: 'adaptiveMaxPool2d', fn: 'adaptiveMaxPool2d', args: [r(2, 3, 7, 5), 3, false] },
  { name: 'adaptiveMaxPool3d', fn: 'adaptiveMaxPool3d', args: [r(2, 5, 6, 7), [2, 3, null]], kwargs: { returnIndices: false } },
  { name: 'fractionalMaxPool2d', fn: 'fractionalMaxPool2d', args: [r(2, 3, 9, 9), 3], kwargs: { outputSize: [4, 5] }, seed: 3 },
  { name: 'fractionalMaxPool2dRatio', fn: 'fractionalMaxPool2d', args: [r(3, 10, 11), [2, 3], null, [0.5, 0.6]], seed: 4 },
  { name: 'fractionalMaxPool3d', fn: 'fractionalMaxPool3d', args: [r(1, 2, 7, 6, 8), 2], kwargs: { outputRatio: 0.5 }, seed: 5 },
];

// Functions returning [output, indices].
const indexTable: FunctionCase[] = [
  { name: 'maxPool1d', fn: 'maxPool1d', args: [r(2, 3, 11), 3], kwargs: { returnIndices: true } },
  { name: 'maxPool1dWithIndices', fn: 'maxPool1dWithIndices', args: [r(2, 3, 11), 2, 1] },
  { name: 'maxPool2d', fn: 'maxPool2d', args: [r(2, 3, 6, 6), 2, 2, 0, 1, false, true] },
  { name: 'maxPool2dWithIndices', fn: 'maxPool2dWithIndices', args: [r(1, 2, 7, 7), 3], kwargs: { stride: 2, ceilMode: true } },
  { name: 'maxPool3d', fn: 'maxPool3d', args: [r(1, 2, 4, 5, 6), 2], kwargs: { returnIndices: true, padding: 1 } },
  { name: 'maxPool3dWithIndices', fn: 'maxPool3dWithIndices', args: [r(2, 4, 4, 4), [2, 1, 2]] },
  { name: 'adaptiveMaxPool1d', fn: 'adaptiveMaxPool1d', args: [r(2, 3, 11), 4, true] },
  { name: 'adaptiveMaxPool1dWithIndices', fn: 'adaptiveMaxPool1dWithIndices', args: [r(3, 9), 2] },
  { name: 'adaptiveMaxPool2dWithIndices', fn: 'adaptiveMaxPool2dWithIndices', args: [r(2, 3, 7, 5), [3, null]] },
  { name: 'adaptiveMaxPool3d', fn: 'adaptiveMaxPool3d', args: [r(1, 2, 5, 4, 7), 2], kwargs: { returnIndices: true } },
  { name: 'adaptiveMaxPool3dWithIndices', fn: 'adaptiveMaxPool3dWithIndices', args: [r(1, 2, 5, 4, 7), [1, 2, 3]] },
  { name: 'fractionalMaxPool2d', fn: 'fractionalMaxPool2d', args: [r(2, 3, 9, 9), 2], kwargs: { outputSize: 4, returnIndices: true }, seed: 6 },
  { name: 'fractionalMaxPool2dWithIndices', fn: 'fractionalMaxPool2dWithIndices', args: [r(2, 3, 9, 9), 3, [5, 4]], seed: 7 },
  { name: 'fractionalMaxPool3dWithIndices', fn: 'fractionalMaxPool3dWithIndices', args: [r(1, 2, 6, 6, 6), 2], kwargs: { outputRatio: [0.5, 0.6, 0.7] }, seed: 8 },
];

let py: Record<string, FunctionResult>;
let pyIdx: Record<string, { out: unknown; indices: unknown; grad: unknown }>;
let pySpecial: Record<string, unknown>;
let pyErrors: Record<string, string>;
beforeAll(() => {
  [py, pyIdx, pySpecial, pyErrors] = oracles<[Record<string, FunctionResult>, typeof pyIdx, typeof pySpecial, typeof pyErrors]>([
    ['nn/functional/pooling', 'cases', table], ['nn/functional/pooling', 'with_indices', indexTable],
    ['nn/functional/pooling', 'specials'], ['nn/functional/pooling', 'errors'],
  ]);
});

describe('the pooling functions equal PyTorch', () => {
  it.each(table.map((c) => [c.name, c] as const))('%s: values and gradients', (_name, c) => {
    checkFunctionCase(c, py[c.name]!);
  });

  it.each(indexTable.map((c) => [c.name, c] as const))('%s: [output, indices] and the gradient', (_name, c) => {
    torch.manualSeed(c.seed ?? 0);
    const x = torch.randn((c.args![0] as { randn: number[] }).randn).requiresGrad_();
    const fn = (F as unknown as Record<string, (...a: unknown[]) => [Tensor, Tensor]>)[c.fn]!;
    const [y, idx] = fn(x, ...c.args!.slice(1), ...(c.kwargs ? [c.kwargs] : []));
    y.backward(torch.randnLike(y));
    const want = pyIdx[c.name]!;
    expect(idx.tolist()).toEqual(want.indices);
    expectEachClose({ out: y, grad: x.grad }, { out: want.out, grad: want.grad });
  });

  it('lpPool with p = Infinity and -Infinity, maxUnpool after maxPool, fractional pooling with given samples', () => {
    torch.manualSeed(9);
    const x = torch.randn([2, 3, 6, 6], { requiresGrad: true });
    const inf = F.lpPool2d(x, Infinity, 2);
    inf.backward(torch.onesLike(inf));
    const x1 = torch.randn(2, 3, 8);
    const ninf = F.lpPool1d(x1, -Infinity, 3, { stride: 2 });
    const [y, idx] = F.maxPool1d(x1, 2, { returnIndices: true });
    const unpool1d = F.maxUnpool1d(y, idx, 2);
    const x3 = torch.randn(1, 2, 4, 4, 4);
    const [y3, idx3] = F.maxPool3d(x3, 2, { stride: 2, returnIndices: true });
    const unpool3d = F.maxUnpool3d(y3, idx3, 2, { outputSize: [1, 2, 5, 4, 5] });
    const samples = torch.rand(2, 3, 2);
    const fracFixed = F.fractionalMaxPool2d(x.detach(), 2, { outputRatio: [0.5, 0.7], _randomSamples: samples });
    expectEachClose({ inf, infGrad: x.grad, ninf, unpool1d, unpool3d, fracFixed }, pySpecial);
  });

  it('rejects bad arguments by name, or with PyTorch\'s message', () => {
    const x = torch.randn(1, 2, 4, 4);
    expect(() => F.fractionalMaxPool2d(x, 2)).toThrow(pyErrors.fracNone!);
    expect(() => F.maxPool2d(x, 2, { padding: 2 })).toThrow(pyErrors.pad!);
    expect(() => F.maxUnpool2d(x, x.long(), 2, { outputSize: [1, 8] })).toThrow(pyErrors.unpoolLen!);
    expect(() => F.adaptiveAvgPool2d(torch.randn(4), [2, null])).toThrow(pyErrors.adaptiveDim!);
    expect(() => F.maxPool3d(x, [2, 2])).toThrow('F.maxPool3d(): kernelSize must be an integer or an array of 3 integers (got an array of length 2)');
    expect(() => F.avgPool1d(x, 2, { divisorOverride: 2 } as never)).toThrow(/unknown option 'divisorOverride'/);
    expect(() => F.lpPool2d(x, 'two' as never, 2)).toThrow('F.lpPool2d(): normType must be a number (got "two")');
    expect(() => F.adaptiveMaxPool1d(x, [1, 2] as never)).toThrow(/outputSize must be an integer or an array of 1 integer/);
    expectClose(F.maxPool2d(x, 2, 2, 0, 1, false, false), F.maxPool2d(x, 2).tolist());
  });
});
