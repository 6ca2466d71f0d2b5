import { beforeAll, describe, expect, it, vi } from 'vitest';
import * as torch from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import { oracles } from '../../helpers/python.js';
import { checkFunctionCase, type FunctionCase, type FunctionResult } from '../function_cases.js';

const F = nn.functional;
const r = (...shape: number[]) => ({ randn: shape });

// One table, run on both sides: F.interpolate in every mode PyTorch has, in 1, 2 and 3 spatial
// dimensions, by size and by scale, with alignCorners, recomputeScaleFactor and antialias; and
// the deprecated upsample functions.
const table: FunctionCase[] = [
  { name: 'nearest1d', fn: 'interpolate', args: [r(2, 3, 5)], kwargs: { scaleFactor: 2.5 } },
  { name: 'nearest2d', fn: 'interpolate', args: [r(1, 2, 3, 4), [5, 7]] },
  { name: 'nearest3d', fn: 'interpolate', args: [r(1, 2, 2, 3, 4)], kwargs: { scaleFactor: [2, 1.5, 0.5] } },
  { name: 'nearestExact1d', fn: 'interpolate', args: [r(1, 2, 7), 4, null, 'nearest-exact'] },
  { name: 'nearestExact2d', fn: 'interpolate', args: [r(1, 2, 3, 3)], kwargs: { scaleFactor: 1.7, mode: 'nearest-exact' } },
  { name: 'nearestExact3d', fn: 'interpolate', args: [r(1, 1, 3, 3, 2)], kwargs: { size: [4, 5, 3], mode: 'nearest-exact' } },
  { name: 'area1d', fn: 'interpolate', args: [r(2, 2, 9)], kwargs: { size: 4, mode: 'area' } },
  { name: 'area2dScale', fn: 'interpolate', args: [r(1, 2, 7, 6)], kwargs: { scaleFactor: 0.5, mode: 'area' } },
  { name: 'area3d', fn: 'interpolate', args: [r(1, 1, 4, 6, 5)], kwargs: { size: [2, 3, 2], mode: 'area' } },
  { name: 'linear', fn: 'interpolate', args: [r(2, 2, 4)], kwargs: { scaleFactor: 2, mode: 'linear' } },
  { name: 'linearAlign', fn: 'interpolate', args: [r(2, 2, 4), 9, null, 'linear', true] },
  { name: 'bilinear', fn: 'interpolate', args: [r(1, 2, 4, 5)], kwargs: { size: [7, 3], mode: 'bilinear' } },
  { name: 'bilinearAa', fn: 'interpolate', args: [r(1, 2, 9, 8)], kwargs: { size: [4, 3], mode: 'bilinear', antialias: true } },
  { name: 'bilinearAaAlign', fn: 'interpolate', args: [r(1, 1, 8, 8)], kwargs: { scaleFactor: 0.4, mode: 'bilinear', antialias: true, alignCorners: true } },
  { name: 'bicubic', fn: 'interpolate', args: [r(1, 2, 4, 4)], kwargs: { scaleFactor: 1.5, mode: 'bicubic' } },
  { name: 'bicubicAa', fn: 'interpolate', args: [r(1, 2, 9, 7)], kwargs: { size: [3, 3], mode: 'bicubic', antialias: true } },
  { name: 'lanczos', fn: 'interpolate', args: [r(1, 2, 9, 7)], kwargs: { size: [4, 3], mode: 'lanczos', antialias: true } },
  { name: 'lanczosUp', fn: 'interpolate', args: [r(1, 1, 3, 4)], kwargs: { scaleFactor: 2.5, mode: 'lanczos', antialias: true } },
  { name: 'trilinear', fn: 'interpolate', args: [r(1, 2, 2, 3, 3)], kwargs: { scaleFactor: [2, 1.5, 1], mode: 'trilinear' } },
  { name: 'trilinearAlign', fn: 'interpolate', args: [r(1, 1, 2, 3, 3)], kwargs: { size: 4, mode: 'trilinear', alignCorners: true } },
  { name: 'recompute', fn: 'interpolate', args: [r(1, 1, 5, 5)], kwargs: { scaleFactor: 1.3, mode: 'bilinear', recomputeScaleFactor: true } },
  { name: 'noRecompute', fn: 'interpolate', args: [r(1, 1, 5, 5)], kwargs: { scaleFactor: 1.3, mode: 'bilinear', recomputeScaleFactor: false } },
  { name: 'unbatchedNo', fn: 'interpolate', args: [r(3, 4, 5)], kwargs: { size: 2 } },
  { name: 'upsample', fn: 'upsample', args: [r(1, 2, 3, 3), null, 2, 'bilinear'] },
  { name: 'upsampleKw', fn: 'upsample', args: [r(1, 2, 3)], kwargs: { size: 7, mode: 'linear', alignCorners: true } },
  { name: 'upsampleNearest', fn: 'upsampleNearest', args: [r(1, 2, 3, 3)], kwargs: { scaleFactor: 2 } },
  { name: 'upsampleBilinear', fn: 'upsampleBilinear', args: [r(1, 2, 3, 3), [5, 4]] },
];

let py: Record<string, FunctionResult>;
let pyErrors: Record<string, string>;
beforeAll(() => {
  [py, pyErrors] = oracles<[Record<string, FunctionResult>, Record<string, string>]>([
    ['nn/functional/upsampling', 'cases', table], ['nn/functional/upsampling', 'errors']]);
});

// First in the file: the warnings are shown once per process.
describe('the deprecated upsample functions warn once, as PyTorch', () => {
  it('names interpolate as the replacement', () => {
    const spy = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    try {
      const x = torch.randn(1, 1, 2, 2);
      for (let i = 0; i < 3; i++) { F.upsample(x, { scaleFactor: 2 }); F.upsampleNearest(x, 3); F.upsampleBilinear(x, { scaleFactor: 2 }); }
      expect(spy.mock.calls.map((c) => String(c[0]))).toEqual(['upsample', 'upsample_nearest', 'upsample_bilinear']
        .map((name) => `\`nn.functional.${name}\` is deprecated. Use \`nn.functional.interpolate\` instead.`));
      expect(F.upsampleBilinear(x, { scaleFactor: 2 }).tolist()).toEqual(F.interpolate(x, { scaleFactor: 2, mode: 'bilinear', alignCorners: true }).tolist());
    } finally {
      spy.mockRestore();
    }
  });
});

describe('F.interpolate and the upsample functions equal PyTorch', () => {
  it.each(table.map((c) => [c.name, c] as const))('%s: values and gradients', (_name, c) => {
    checkFunctionCase(c, py[c.name]!, 1e-4);
  });

  it('rejects what PyTorch rejects, with its messages', () => {
    const x4 = torch.randn(1, 1, 4, 4);
    const bad: Record<string, () => unknown> = {
      both: () => F.interpolate(x4, { size: 2, scaleFactor: 2 }),
      neither: () => F.interpolate(x4),
      sizeLen: () => F.interpolate(x4, { size: [2, 2, 2] }),
      scaleLen: () => F.interpolate(x4, { scaleFactor: [2.0] }),
      recompute: () => F.interpolate(x4, { size: 2, recomputeScaleFactor: true }),
      antialias: () => F.interpolate(x4, { size: 2, mode: 'nearest', antialias: true }),
      lanczosAlign: () => F.interpolate(x4, { size: 2, mode: 'lanczos', alignCorners: true, antialias: true }),
      lanczosAa: () => F.interpolate(x4, { size: 2, mode: 'lanczos' }),
      trilinear4d: () => F.interpolate(x4, { size: 2, mode: 'trilinear' }),
      linear4d: () => F.interpolate(x4, { size: 2, mode: 'linear' }),
      twoD: () => F.interpolate(torch.randn(3, 4), { size: 2 }),
      areaAlign: () => F.interpolate(x4, { size: 2, mode: 'area', alignCorners: false }),
    };
    expect(Object.keys(bad).sort()).toEqual(Object.keys(pyErrors).sort());
    for (const [key, fn] of Object.entries(bad)) {
      expect(fn, key).toThrow(pyErrors[key]!);
    }
    expect(() => F.interpolate(x4, { mode: 'cubic' as 'bicubic', size: 2 })).toThrow("F.interpolate(): mode must be one of 'nearest'");
    expect(() => F.interpolate(x4, { size: 2.5 })).toThrow('F.interpolate(): size must be an integer');
  });
});
