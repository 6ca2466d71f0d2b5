import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import { oracle } from '../../helpers/python.js';
import { expectEachClose } from '../helpers.js';

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
