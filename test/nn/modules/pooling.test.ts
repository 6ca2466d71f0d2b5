import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import { python } from '../../helpers/python.js';
import { expectEachClose } from '../helpers.js';

const F = nn.functional;

const PY = `
nn = torch.nn
torch.manual_seed(1)
x = torch.randn(4, 3, 8, 8)
p2 = {
  'maxpool': nn.MaxPool2d(3, 2, 1)(x).tolist(),
  'avgpool': nn.AvgPool2d(2)(x).tolist(),
  'avgpoolCeil': nn.AvgPool2d(3, stride=2, ceil_mode=True, count_include_pad=False)(x).tolist(),
  'adapool': nn.AdaptiveAvgPool2d((3, None))(x).tolist(),
}
torch.manual_seed(11)
x1 = torch.randn(2, 3, 11)
mp = nn.MaxPool1d(3, 2, 1)
ap = nn.AvgPool1d(3, stride=2, ceil_mode=True, count_include_pad=False)
p1 = {'mp': mp(x1).tolist(), 'ap': ap(x1).tolist()}
torch.manual_seed(12)
x = torch.randn(2, 3, 7, 5)
amp = nn.AdaptiveMaxPool2d((2, None))
out, idx = nn.functional.adaptive_max_pool2d(x, 3, return_indices=True)
ad = {'amp': amp(x).tolist(), 'ampIdx': idx.tolist()}
print(json.dumps({'p2': p2, 'p1': p1, 'p1repr': [repr(mp), repr(ap)], 'ad': ad, 'adrepr': repr(amp)}))
`;

let py: { p2: Record<string, unknown>; p1: Record<string, unknown>; p1repr: string[]; ad: Record<string, unknown>; adrepr: string };
beforeAll(() => { py = python(PY); });

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
