import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../lib/torch.js';
import * as nn from '../../lib/nn/index.js';
import { python } from '../helpers/python.js';
import { expectClose, expectEachClose } from './helpers.js';

const F = nn.functional;

const PY = `
nn = torch.nn
F = nn.functional
torch.manual_seed(4)
x = torch.randn(2, 3, 5, 6)
x1 = torch.randn(2, 3, 7)
o = [
  F.interpolate(x, scale_factor=2).tolist(),
  F.interpolate(x, size=(7, 9), mode='bilinear').tolist(),
  F.interpolate(x, scale_factor=1.5, mode='bilinear', align_corners=True).tolist(),
  F.interpolate(x, scale_factor=(0.5, 1.7), mode='bicubic').tolist(),
  F.interpolate(x, scale_factor=1.7, mode='nearest', recompute_scale_factor=True).tolist(),
  F.interpolate(x, size=4, mode='nearest-exact').tolist(),
  F.interpolate(x1, scale_factor=2.5, mode='linear').tolist(),
  F.interpolate(x1, size=3).tolist(),
  nn.Upsample(scale_factor=2, mode='bilinear')(x).tolist(),
]
print(json.dumps({'o': o, 'repr': [repr(nn.Upsample(scale_factor=2)), repr(nn.Upsample(size=(4, 5), mode='bilinear')), repr(nn.Upsample(scale_factor=(2, 3)))]}))
`;

let py: { o: unknown[]; repr: string[] };
beforeAll(() => { py = python(PY); });

describe('F.interpolate and nn.Upsample equal PyTorch', () => {
  it('nearest, bilinear, bicubic, linear, sizes and scales', () => {
    torch.manualSeed(4);
    const x = torch.randn(2, 3, 5, 6);
    const x1 = torch.randn(2, 3, 7);
    const o = [
      F.interpolate(x, { scaleFactor: 2 }),
      F.interpolate(x, { size: [7, 9], mode: 'bilinear' }),
      F.interpolate(x, { scaleFactor: 1.5, mode: 'bilinear', alignCorners: true }),
      F.interpolate(x, { scaleFactor: [0.5, 1.7], mode: 'bicubic' }),
      F.interpolate(x, { scaleFactor: 1.7, mode: 'nearest', recomputeScaleFactor: true }),
      F.interpolate(x, { size: 4, mode: 'nearest-exact' }),
      F.interpolate(x1, { scaleFactor: 2.5, mode: 'linear' }),
      F.interpolate(x1, 3),
      new nn.Upsample({ scaleFactor: 2, mode: 'bilinear' })(x),
    ];
    o.forEach((t, i) => {
      try { expectClose(t, py.o[i], 1e-5); } catch (e) { throw new Error(`case ${i}: ${(e as Error).message}`); }
    });
    expect([new nn.Upsample({ scaleFactor: 2 }), new nn.Upsample({ size: [4, 5], mode: 'bilinear' }), new nn.Upsample({ scaleFactor: [2, 3] })].map(String)).toEqual(py.repr);
    expect(() => F.interpolate(x, { scaleFactor: 2, alignCorners: true })).toThrow(/align_corners option can only be set with the interpolating modes/);
    expect(() => F.interpolate(x, {})).toThrow(/either size or scaleFactor should be defined/);
  });
});

const PY_MISC = `
F = torch.nn.functional
torch.manual_seed(1)
a = torch.randn(3, 4)
print(json.dumps({
  'normalize': F.normalize(a, dim=0).tolist(),
  'onehot': F.one_hot(torch.tensor([0, 2, 1]), 4).tolist(),
  'pad': F.pad(a, (1, 2), mode='replicate').tolist(),
}))
`;

describe('F.normalize, F.oneHot and F.pad equal PyTorch', () => {
  it('normalize along a dimension, one-hot, replicate padding', () => {
    const want = python<Record<string, unknown>>(PY_MISC);
    torch.manualSeed(1);
    const a = torch.randn(3, 4);
    expectEachClose({
      normalize: F.normalize(a, { dim: 0 }),
      onehot: F.oneHot(torch.tensor([0n, 2n, 1n]), 4),
      pad: F.pad(a, [1, 2], { mode: 'replicate' }),
    }, want);
  });
});
