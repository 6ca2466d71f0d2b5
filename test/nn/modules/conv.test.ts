import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import { oracle } from '../../helpers/python.js';
import { expectEachClose } from '../helpers.js';

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
