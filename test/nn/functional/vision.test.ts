import { beforeAll, describe, expect, it, vi } from 'vitest';
import * as torch from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import { oracles } from '../../helpers/python.js';
import { checkFunctionCase, type FunctionCase, type FunctionResult } from '../function_cases.js';

const F = nn.functional;
const r = (...shape: number[]) => ({ randn: shape });

// One table, run on both sides: values and gradients.
const table: FunctionCase[] = [
  { name: 'affine2d', fn: 'affineGrid', args: [r(2, 2, 3), [2, 3, 4, 5]], kwargs: { alignCorners: false } },
  { name: 'affine2dAlign', fn: 'affineGrid', args: [r(1, 2, 3), [1, 1, 3, 2], true] },
  { name: 'affine3d', fn: 'affineGrid', args: [r(2, 3, 4)], kwargs: { size: [2, 1, 2, 3, 4], alignCorners: false } },
  { name: 'affine3dAlign', fn: 'affineGrid', args: [r(1, 3, 4), [1, 2, 3, 2, 2], true] },
  { name: 'affineDouble', fn: 'affineGrid', args: [{ randn: [1, 2, 3], dtype: 'float64' }, [1, 1, 2, 2], false] },
  { name: 'sampleBilinear', fn: 'gridSample', args: [r(2, 3, 4, 5), r(2, 3, 2, 2)], kwargs: { alignCorners: false } },
  { name: 'sampleNearest', fn: 'gridSample', args: [r(1, 2, 4, 4), r(1, 3, 3, 2), 'nearest', 'zeros', true] },
  { name: 'sampleBicubicBorder', fn: 'gridSample', args: [r(1, 2, 4, 5), r(1, 2, 3, 2)], kwargs: { mode: 'bicubic', paddingMode: 'border', alignCorners: false } },
  { name: 'sampleReflection', fn: 'gridSample', args: [r(1, 1, 3, 4), r(1, 4, 2, 2), 'bilinear', 'reflection', true] },
  { name: 'sampleReflectionNoAlign', fn: 'gridSample', args: [r(1, 1, 3, 4), r(1, 4, 2, 2)], kwargs: { paddingMode: 'reflection', alignCorners: false } },
  { name: 'sample3d', fn: 'gridSample', args: [r(1, 2, 3, 4, 3), r(1, 2, 2, 3, 3)], kwargs: { alignCorners: true } },
  { name: 'sample3dNearestBorder', fn: 'gridSample', args: [r(2, 1, 3, 3, 3), r(2, 2, 2, 2, 3), 'nearest', 'border', false] },
];

let py: Record<string, FunctionResult>;
let pyErrors: Record<string, string>;
beforeAll(() => {
  [py, pyErrors] = oracles<[Record<string, FunctionResult>, Record<string, string>]>([['nn/functional/vision', 'cases', table], ['nn/functional/vision', 'errors']]);
});

describe('F.affineGrid and F.gridSample equal PyTorch', () => {
  it.each(table.map((c) => [c.name, c] as const))('%s: values and gradients', (_name, c) => {
    checkFunctionCase(c, py[c.name]!, 1e-4);
  });

  it('rejects what PyTorch rejects, with its messages', () => {
    for (const key of Object.keys(pyErrors)) expect(pyErrors[key], key).toBeTypeOf('string');
    expect(() => F.affineGrid(torch.randn(1, 3, 3), [1, 1, 2, 2], { alignCorners: false })).toThrow(pyErrors.theta!);
    expect(() => F.affineGrid(torch.randn(1, 2, 3), [1, 1, 2, 2, 2], { alignCorners: false })).toThrow(pyErrors.theta3d!);
    expect(() => F.affineGrid(torch.randn(1, 2, 3), [1, 1, 2], { alignCorners: false })).toThrow(pyErrors.sizeLen!);
    expect(() => F.affineGrid(torch.randn(1, 2, 3), [1, 0, 2, 2], { alignCorners: false })).toThrow(pyErrors.sizeZero!);
    expect(() => F.affineGrid(torch.ones([1, 2, 3], { dtype: 'int64' }), [1, 1, 2, 2], { alignCorners: false })).toThrow(pyErrors.thetaInt!);
    expect(() => F.gridSample(torch.randn(1, 1, 2, 2), torch.randn(1, 2, 2, 2), 'linear' as 'bilinear', 'zeros', false)).toThrow(pyErrors.mode!);
    expect(() => F.gridSample(torch.randn(1, 1, 2, 2), torch.randn(1, 2, 2, 2), { paddingMode: 'wrap' as 'zeros', alignCorners: false })).toThrow(pyErrors.paddingMode!);
    expect(() => F.gridSample(torch.randn(1, 1, 2, 2, 2), torch.randn(1, 2, 2, 2, 3), 'bicubic', 'zeros', false)).toThrow(pyErrors.bicubic3d!);
    expect(() => F.gridSample(torch.randn(1, 1, 2, 2), torch.randn(1, 2, 2, 3), { alignCorners: false })).toThrow(pyErrors.gridShape!);
  });
});

describe('F.affineGrid and F.gridSample warn as PyTorch', () => {
  it('warns once when alignCorners is left out, and about unit-size grids with alignCorners', () => {
    const spy = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    try {
      const theta = torch.tensor([[[1, 0, 0], [0, 1, 0]]]);
      const grid = F.affineGrid(theta, [1, 1, 2, 2]);
      expect(grid.tolist()).toEqual(F.affineGrid(theta, [1, 1, 2, 2], false).tolist());
      F.gridSample(torch.randn(1, 1, 2, 2), grid);
      const messages = spy.mock.calls.map((c) => String(c[0]));
      expect(messages.filter((m) => m.startsWith('Default grid_sample and affine_grid behavior has changed to align_corners=False since 1.3.0.'))).toHaveLength(1);
      F.affineGrid(theta, [1, 1, 1, 3], true);
      expect(String(spy.mock.calls.at(-1)![0])).toMatch(/^Since version 1.3.0, affine_grid behavior has changed for unit-size grids when align_corners=True/);
    } finally {
      spy.mockRestore();
    }
  });
});
