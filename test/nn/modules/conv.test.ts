import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import { oracle, oracles } from '../../helpers/python.js';
import { expectEachClose } from '../helpers.js';
import { checkCase, type CaseResult, type ModuleCase } from '../module_cases.js';

// The same seeded calls in Python and here: inputs, layers (default init) and outputs.
let py: { conv: Record<string, unknown>; transposed: Record<string, unknown>; ctSize: number[]; repr: string[] };
beforeAll(() => { py = oracle('nn/modules/conv', 'results'); });

describe('convolutions equal PyTorch (same seed, default init)', () => {
  it('Conv2d (stride, same padding, dilation, reflect padding, groups, backward) and Conv1d', () => {
    const o: Record<string, unknown> = {};
    torch.manualSeed(1);
    const x = torch.randn(4, 3, 8, 8);
    const conv = new nn.Conv2d(3, 5, 3, { padding: 1 });
    const y = conv(x);
    o.conv = y;
    y.sum().backward();
    o.convGrad = conv.weight.grad; o.convBiasGrad = conv.bias!.grad;
    o.convStride = new nn.Conv2d(3, 4, 3, { stride: 2, bias: false })(x);
    o.convSame = new nn.Conv2d(3, 2, [3, 5], { padding: 'same', dilation: 2 })(x);
    o.convReflect = new nn.Conv2d(3, 2, 3, { padding: 2, paddingMode: 'reflect' })(x);
    o.convGroups = new nn.Conv2d(3, 6, 1, { groups: 3 })(x);
    const x1 = torch.randn(2, 4, 10);
    o.conv1d = new nn.Conv1d(4, 3, 3, 2)(x1);
    expectEachClose(o, py.conv);
  });

  it('ConvTranspose2d: init, forward, outputSize and repr', () => {
    torch.manualSeed(11);
    const x = torch.randn(2, 4, 5, 5);
    const ct = new nn.ConvTranspose2d(4, 3, 3, { stride: 2, padding: 1, outputPadding: 1 });
    const ct2 = new nn.ConvTranspose2d(4, 2, [2, 3], { stride: [2, 1], groups: 2, bias: false, dilation: [1, 2] });
    expectEachClose({ ctW: ct.weight, ctB: ct.bias, ct: ct(x), ct2: ct2(x) }, py.transposed);
    expect(ct(x, [9, 9]).shape).toEqual(py.ctSize);
    expect(() => ct(x, [12, 12])).toThrow('requested an output size of [12, 12], but valid sizes range from [9, 9] to [10, 10] (for an input of torch.Size([5, 5]))');
    expect([ct, ct2].map(String)).toEqual(py.repr);
  });
});

// One table, run on both sides: Conv3d and the transposed convolutions in every padding mode,
// with groups, dilation, outputPadding and forward's outputSize; keyword constructors.
const table: ModuleCase[] = [
  { name: 'conv3d', cls: 'Conv3d', args: [4, 6, 3], kwargs: { stride: [1, 2, 1], padding: 1 }, input: [2, 4, 5, 6, 7] },
  { name: 'conv3dGroups', cls: 'Conv3d', args: [4, 6, [2, 3, 1]], kwargs: { groups: 2, dilation: [2, 1, 1], bias: false }, input: [1, 4, 5, 5, 4] },
  { name: 'conv3dSame', cls: 'Conv3d', args: [2, 3, [3, 2, 4]], kwargs: { padding: 'same' }, input: [2, 2, 4, 5, 6] },
  { name: 'conv3dValid', cls: 'Conv3d', args: [2, 3, 2], kwargs: { padding: 'valid' }, input: [2, 4, 4, 4] },
  { name: 'conv3dReflect', cls: 'Conv3d', args: [2, 3, 3], kwargs: { padding: [1, 2, 1], paddingMode: 'reflect' }, input: [1, 2, 4, 5, 4] },
  { name: 'conv3dReplicate', cls: 'Conv3d', args: [2, 2, 2, 1, 1, 1, 1, true, 'replicate'], input: [1, 2, 3, 4, 3] },
  { name: 'conv3dCircular', cls: 'Conv3d', args: [2, 2, 3], kwargs: { padding: 2, paddingMode: 'circular' }, input: [1, 2, 4, 4, 4] },
  { name: 'conv3dKw', cls: 'Conv3d', kwargs: { inChannels: 2, outChannels: 4, kernelSize: 2, stride: 2 }, input: [1, 2, 4, 4, 4] },
  { name: 'conv2dKw', cls: 'Conv2d', args: [3, 8], kwargs: { kernelSize: 7, stride: 2 }, input: [1, 3, 12, 12] },
  { name: 'conv2dAllKw', cls: 'Conv2d', kwargs: { inChannels: 1, outChannels: 4, kernelSize: 3 }, input: [2, 1, 6, 6] },
  { name: 'conv2dCircular', cls: 'Conv2d', args: [2, 3, [3, 2]], kwargs: { padding: [1, 2], paddingMode: 'circular', dilation: [1, 2] }, input: [1, 2, 5, 6] },
  { name: 'conv1dKw', cls: 'Conv1d', args: [4], kwargs: { outChannels: 2, kernelSize: 3, padding: 'same', paddingMode: 'replicate', dilation: 2 }, input: [2, 4, 9] },
  { name: 'conv1dUnbatched', cls: 'Conv1d', args: [3, 2, 2], input: [3, 7] },
  { name: 'ct1d', cls: 'ConvTranspose1d', args: [4, 6, 3], kwargs: { stride: 2, padding: 1, outputPadding: 1, groups: 2, dilation: 2 }, input: [2, 4, 7] },
  { name: 'ct1dSize', cls: 'ConvTranspose1d', args: [2, 3, 3, 3], input: [1, 2, 5], forward: [[15]] },
  { name: 'ct1dFullSize', cls: 'ConvTranspose1d', args: [2, 3, 3, 3, 0, 0, 1, false], input: [1, 2, 5], forward: [[1, 3, 17]] },
  { name: 'ct1dUnbatched', cls: 'ConvTranspose1d', kwargs: { inChannels: 2, outChannels: 1, kernelSize: 2, stride: 2 }, input: [2, 4], forward: [[9]] },
  { name: 'ct2dKw', cls: 'ConvTranspose2d', args: [3], kwargs: { outChannels: 2, kernelSize: [2, 3], stride: [2, 1], padding: [0, 1] }, input: [1, 3, 4, 5] },
  { name: 'ct3d', cls: 'ConvTranspose3d', args: [4, 2, 3], kwargs: { stride: 2, padding: 1, outputPadding: [1, 0, 1], groups: 2 }, input: [1, 4, 3, 4, 3] },
  { name: 'ct3dDilation', cls: 'ConvTranspose3d', args: [2, 2, [2, 1, 2], 1, 0, 0, 1, true, [2, 1, 1]], input: [2, 2, 3, 3, 3] },
  { name: 'ct3dSize', cls: 'ConvTranspose3d', args: [2, 2, 2], kwargs: { stride: 3 }, input: [1, 2, 2, 3, 2], forward: [[5, 8, 6]] },
];

let pyCases: Record<string, CaseResult>;
let pyErrors: Record<string, string>;

describe('Conv3d, ConvTranspose1d/3d and keyword constructors equal PyTorch', () => {
  beforeAll(() => { [pyCases, pyErrors] = oracles<[Record<string, CaseResult>, Record<string, string>]>([['nn/modules/conv', 'cases', table], ['nn/modules/conv', 'errors']]); });

  it.each(table.map((c) => [c.name, c] as const))('%s: init, forward, gradients, repr', (_name, c) => {
    checkCase(c, pyCases[c.name]!);
  });

  it('rejects what PyTorch rejects, with its messages', () => {
    expect(() => new nn.ConvTranspose1d(2, 2, 3, { paddingMode: 'reflect' as 'zeros' })).toThrow(pyErrors.transposeMode!);
    expect(() => new nn.ConvTranspose3d(2, 2, 3, { stride: 2 })(torch.randn(1, 2, 3, 3, 3), [9, 9, 9])).toThrow(pyErrors.outputSize!);
    expect(() => new nn.ConvTranspose1d(2, 2, 3, { stride: 2 })(torch.randn(1, 2, 3), [7, 7])).toThrow(pyErrors.outputSizeLen!);
    expect(() => new (nn.Conv2d as unknown as new (...a: unknown[]) => nn.Module)(3, 4)).toThrow(/kernelSize/);
    expect(() => new nn.Conv2d(3, 4, 3, { kernelSize: 3 })).toThrow("Conv2d(): got multiple values for argument 'kernelSize'");
    expect(() => new nn.Conv2d(3, 4, 3, { padding_mode: 'zeros' } as never)).toThrow("unknown option 'padding_mode'");
    expect(() => new nn.Conv3d(3, 4, 3, { stride: 2, padding: 'same' })).toThrow("padding='same' is not supported for strided convolutions");
    expect(() => new nn.Conv3d(3, 4, [3, 3])).toThrow(/kernelSize must be an integer or an array of 3 integers/);
    expect(() => new nn.ConvTranspose3d(3, 4, 2, { groups: 2 })).toThrow(/inChannels must be divisible by groups/);
  });

  it('keeps the transposed convolutions apart from the others', () => {
    expect(new nn.ConvTranspose1d(2, 2, 2)).toBeInstanceOf(nn.ConvTransposeNd);
    expect(new nn.ConvTranspose3d(2, 2, 2).transposed).toBe(true);
    expect(new nn.Conv3d(2, 2, 2)).not.toBeInstanceOf(nn.ConvTransposeNd);
  });
});

describe('convolution constructors take every argument positionally or by name', () => {
  it('accepts Python call forms and rejects incomplete ones at compile time', () => {
    const forms = [
      new nn.Conv2d(3, 64, { kernelSize: 7, stride: 2 }),
      new nn.Conv2d({ inChannels: 3, outChannels: 64, kernelSize: 7, stride: 2 }),
      new nn.Conv2d(3, 64, 7, 2, 0, 1, 1, true, 'zeros'),
    ];
    expect(forms.map(String)).toEqual(Array(3).fill('Conv2d(3, 64, kernel_size=(7, 7), stride=(2, 2))'));
    expect(new nn.ConvTranspose3d({ inChannels: 2, outChannels: 4, kernelSize: 2, dtype: 'float64' }).weight.dtype).toBe('float64');
    expect(new nn.Conv1d(2, 4, 3, { bias: false, dtype: 'float64' }).bias).toBeNull();
    expect(new nn.ConvTranspose1d(2, 4, { kernelSize: 3, outputPadding: 1, stride: 2 }).outputPadding).toEqual([1]);
    const ct = new nn.ConvTranspose2d(2, 3, 3, { stride: 2 });
    const x = torch.randn(1, 2, 4, 4);
    expect(ct(x, { outputSize: [10, 10] }).shape).toEqual([1, 3, 10, 10]);
    expect(ct(x, { outputSize: [1, 3, 9, 10] }).tolist()).toEqual(ct(x, [9, 10]).tolist());
    expect(() => ct(x, { size: [9, 9] } as never)).toThrow("ConvTranspose2d.forward(): unknown option 'size'");
    // @ts-expect-error kernelSize is required
    expect(() => new nn.Conv2d(3, 64)).toThrow("Conv2d(): missing required argument 'kernelSize'");
    // @ts-expect-error outChannels and kernelSize are required
    expect(() => new nn.Conv3d({ inChannels: 3 })).toThrow("Conv3d(): missing required argument 'outChannels'");
    // @ts-expect-error ConvTranspose has no 'valid'/'same' padding
    expect(() => new nn.ConvTranspose2d(3, 4, 3, { padding: 'same' })).toThrow('ConvTranspose2d(): padding must be an integer or an array of 2 integers (got "same")');
  });
});
