import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import { oracles } from '../../helpers/python.js';
import { checkCase, type CaseResult, type ModuleCase } from '../module_cases.js';

// One table, run on both sides: Upsample in each mode and dimensionality, and the two
// fixed-mode layers, every argument positionally or by name.
const table: ModuleCase[] = [
  { name: 'nearest1d', cls: 'Upsample', kwargs: { scaleFactor: 2 }, input: [2, 3, 5] },
  { name: 'nearest2dSize', cls: 'Upsample', args: [[5, 7]], input: [1, 2, 3, 4] },
  { name: 'nearest3d', cls: 'Upsample', args: [null, [1.5, 2, 1]], input: [1, 2, 2, 3, 4] },
  { name: 'nearestExact', cls: 'Upsample', kwargs: { size: 5, mode: 'nearest-exact' }, input: [1, 2, 3, 3] },
  { name: 'linear', cls: 'Upsample', args: [null, 2.5, 'linear', true], input: [2, 2, 4] },
  { name: 'bilinear', cls: 'Upsample', kwargs: { scaleFactor: [2, 3], mode: 'bilinear' }, input: [1, 2, 3, 3] },
  { name: 'bicubic', cls: 'Upsample', kwargs: { size: [5, 4], mode: 'bicubic', alignCorners: true }, input: [1, 1, 3, 3] },
  { name: 'trilinear', cls: 'Upsample', kwargs: { scaleFactor: 1.7, mode: 'trilinear', recomputeScaleFactor: true }, input: [1, 1, 3, 2, 3] },
  { name: 'area', cls: 'Upsample', kwargs: { scaleFactor: 0.5, mode: 'area' }, input: [1, 2, 6, 5] },
  { name: 'nearest2dClass', cls: 'UpsamplingNearest2d', kwargs: { scaleFactor: 2 }, input: [1, 2, 3, 2] },
  { name: 'nearest2dClassSize', cls: 'UpsamplingNearest2d', args: [[4, 5]], input: [2, 1, 2, 2] },
  { name: 'bilinear2dClass', cls: 'UpsamplingBilinear2d', args: [null, 3], input: [1, 2, 2, 3] },
  { name: 'bilinear2dClassSize', cls: 'UpsamplingBilinear2d', kwargs: { size: [5, 7] }, input: [1, 1, 3, 3] },
];

let py: Record<string, CaseResult>;
let pyRepr: string[];
let pyErrors: Record<string, string>;
beforeAll(() => {
  [py, pyRepr, pyErrors] = oracles<[Record<string, CaseResult>, string[], Record<string, string>]>([
    ['nn/modules/upsampling', 'cases', table], ['nn/modules/upsampling', 'reprs'], ['nn/modules/upsampling', 'errors']]);
});

describe('Upsample, UpsamplingNearest2d and UpsamplingBilinear2d equal PyTorch', () => {
  it.each(table.map((c) => [c.name, c] as const))('%s: forward, gradient, repr', (_name, c) => {
    checkCase(c, py[c.name]!);
  });

  it('prints as PyTorch', () => {
    expect([new nn.Upsample({ scaleFactor: 2 }), new nn.Upsample({ size: [4, 5], mode: 'bilinear' }), new nn.Upsample({ scaleFactor: [2, 3] }),
      new nn.Upsample(7, null, 'linear', true), new nn.Upsample({ scaleFactor: 0, size: 3 }), new nn.UpsamplingNearest2d({ scaleFactor: 2 }),
      new nn.UpsamplingBilinear2d([3, 4]), new nn.Upsample({ scaleFactor: [1.5, 2, 2.5], mode: 'trilinear' })].map(String)).toEqual(pyRepr);
  });

  it('rejects what PyTorch rejects', () => {
    expect(() => new nn.Upsample({ scaleFactor: 2, alignCorners: true })(torch.randn(1, 1, 2, 2))).toThrow(pyErrors.alignNearest!);
    expect(() => new nn.UpsamplingBilinear2d({ scaleFactor: 2 })(torch.randn(1, 1, 2))).toThrow(pyErrors.bilinear3d!);
    expect(() => new nn.UpsamplingNearest2d(2, 2, 'nearest' as never)).toThrow('UpsamplingNearest2d() takes at most 2 positional arguments (3 given)');
    expect(() => new nn.Upsample({ scale: 2 } as never)).toThrow("Upsample(): unknown option 'scale'");
  });
});
