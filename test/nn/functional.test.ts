import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../lib/torch.js';
import * as nn from '../../lib/nn/index.js';
import { oracleBatch } from '../helpers/python.js';
import { expectClose, expectEachClose } from './helpers.js';

// Python's results for this file, computed in one python3 run (test/oracles/nn/functional.py).
const oracle = oracleBatch<{
  results: { o: unknown[]; repr: string[] };
  misc: Record<string, unknown>;
}>({
  results: ['nn/functional', 'results'],
  misc: ['nn/functional', 'misc'],
});

const F = nn.functional;

let py: { o: unknown[]; repr: string[] };
beforeAll(() => { py = oracle().results; });

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
    expect(() => F.interpolate(x, {})).toThrow(/either size or scale_factor should be defined/);
  });
});

describe('F.normalize, F.oneHot and F.pad equal PyTorch', () => {
  it('normalize along a dimension, one-hot, replicate padding', () => {
    const want = oracle().misc;
    torch.manualSeed(1);
    const a = torch.randn(3, 4);
    expectEachClose({
      normalize: F.normalize(a, { dim: 0 }),
      onehot: F.oneHot(torch.tensor([0n, 2n, 1n]), 4),
      pad: F.pad(a, [1, 2], { mode: 'replicate' }),
    }, want);
  });
});
