import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../lib/torch.js';
import * as nn from '../../lib/nn/index.js';
import { python } from '../helpers/python.js';
import { expectClose } from './helpers.js';

// Layers beyond the article's set: ConvTranspose2d, GroupNorm, 1-d pooling, channel dropout,
// ReLU6, LogSigmoid, Hardswish: default init, forward and printing against PyTorch.
const PY = `
nn = torch.nn
torch.manual_seed(11)
x = torch.randn(2, 4, 5, 5)
ct = nn.ConvTranspose2d(4, 3, 3, stride=2, padding=1, output_padding=1)
ct2 = nn.ConvTranspose2d(4, 2, (2, 3), stride=(2, 1), groups=2, bias=False, dilation=(1, 2))
gn = nn.GroupNorm(2, 4)
gn2 = nn.GroupNorm(4, 4, affine=False)
x1 = torch.randn(2, 3, 11)
mp = nn.MaxPool1d(3, 2, 1)
ap = nn.AvgPool1d(3, stride=2, ceil_mode=True, count_include_pad=False)
acts = [nn.ReLU6(), nn.LogSigmoid(), nn.Hardswish(), nn.ReLU6(inplace=True)]
d1 = nn.Dropout1d(0.5); d2 = nn.Dropout2d(0.3)
o = {
  'ctW': ct.weight.tolist(), 'ctB': ct.bias.tolist(), 'ct': ct(x).tolist(), 'ct2': ct2(x).tolist(),
  'ctSize': list(ct(x, output_size=[9, 9]).shape),
  'gn': gn(x).tolist(), 'gn2': gn2(x).tolist(), 'mp': mp(x1).tolist(), 'ap': ap(x1).tolist(),
  'acts': [m(x1.clone()).tolist() for m in acts],
  'd1': d1(torch.ones(2, 6, 3)).tolist(), 'd2': d2(torch.ones(2, 6, 2, 2)).tolist(), 'd1nb': d1(torch.ones(6, 3)).tolist(),
  'repr': [repr(m) for m in [ct, ct2, gn, gn2, mp, ap, d1, d2] + acts],
}
print(json.dumps(o))
`;

let py: Record<string, unknown> & { repr: string[]; ctSize: number[] };
beforeAll(() => { py = python(PY); });

describe('more layers equal PyTorch', () => {
  it('init, forward and repr', () => {
    torch.manualSeed(11);
    const x = torch.randn(2, 4, 5, 5);
    const ct = new nn.ConvTranspose2d(4, 3, 3, { stride: 2, padding: 1, outputPadding: 1 });
    const ct2 = new nn.ConvTranspose2d(4, 2, [2, 3], { stride: [2, 1], groups: 2, bias: false, dilation: [1, 2] });
    const gn = new nn.GroupNorm(2, 4);
    const gn2 = new nn.GroupNorm(4, 4, { affine: false });
    const x1 = torch.randn(2, 3, 11);
    const mp = new nn.MaxPool1d(3, 2, 1);
    const ap = new nn.AvgPool1d(3, { stride: 2, ceilMode: true, countIncludePad: false });
    const acts: nn.Module[] = [new nn.ReLU6(), new nn.LogSigmoid(), new nn.Hardswish(), new nn.ReLU6({ inplace: true })];
    const d1 = new nn.Dropout1d(0.5);
    const d2 = new nn.Dropout2d(0.3);
    const o: Record<string, unknown> = {
      ctW: ct.weight, ctB: ct.bias, ct: ct(x), ct2: ct2(x),
      gn: gn(x), gn2: gn2(x), mp: mp(x1), ap: ap(x1),
      acts: acts.map((m) => m(x1.clone()).tolist()),
      d1: d1(torch.ones(2, 6, 3)), d2: d2(torch.ones(2, 6, 2, 2)), d1nb: d1(torch.ones(6, 3)),
    };
    for (const key of Object.keys(o)) {
      try { expectClose(o[key], py[key], 1e-5); } catch (e) { throw new Error(`${key}: ${(e as Error).message}`); }
    }
    expect(ct(x, [9, 9]).shape).toEqual(py.ctSize);
    expect(() => ct(x, [12, 12])).toThrow('requested an output size of [12, 12], but valid sizes range from [9, 9] to [10, 10] (for an input of torch.Size([5, 5]))');
    expect([ct, ct2, gn, gn2, mp, ap, d1, d2, ...acts].map(String)).toEqual(py.repr);
  });
});

const PY2 = `
nn = torch.nn
torch.manual_seed(12)
x = torch.randn(2, 3, 7, 5)
a = torch.randn(4, 6); b = torch.randn(4, 6)
amp = nn.AdaptiveMaxPool2d((2, None))
out, idx = nn.functional.adaptive_max_pool2d(x, 3, return_indices=True)
print(json.dumps({
  'amp': amp(x).tolist(), 'ampIdx': idx.tolist(), 'softmin': nn.Softmin(dim=1)(a).tolist(),
  'cos': nn.CosineSimilarity()(a, b).tolist(), 'pd': nn.PairwiseDistance(p=1.0, keepdim=True)(a, b).tolist(),
  'repr': [repr(m) for m in [amp, nn.Softmin(1), nn.CosineSimilarity(), nn.PairwiseDistance()]],
}))
`;

describe('pooling, softmin and distances equal PyTorch', () => {
  it('AdaptiveMaxPool2d, Softmin, CosineSimilarity, PairwiseDistance', () => {
    const p = python<Record<string, unknown> & { repr: string[] }>(PY2);
    torch.manualSeed(12);
    const x = torch.randn(2, 3, 7, 5);
    const a = torch.randn(4, 6); const b = torch.randn(4, 6);
    const amp = new nn.AdaptiveMaxPool2d([2, null]);
    const [, idx] = nn.functional.adaptiveMaxPool2d(x, 3, { returnIndices: true });
    const o: Record<string, unknown> = {
      amp: amp(x), ampIdx: idx, softmin: new nn.Softmin({ dim: 1 })(a),
      cos: new nn.CosineSimilarity()(a, b), pd: new nn.PairwiseDistance(1.0, { keepdim: true })(a, b),
    };
    for (const key of Object.keys(o)) {
      try { expectClose(o[key], p[key], 1e-5); } catch (e) { throw new Error(`${key}: ${(e as Error).message}`); }
    }
    expect([amp, new nn.Softmin(1), new nn.CosineSimilarity(), new nn.PairwiseDistance()].map(String)).toEqual(p.repr);
  });
});
