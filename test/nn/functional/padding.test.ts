import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import { oracles } from '../../helpers/python.js';
import { checkFunctionCase, type FunctionCase, type FunctionResult } from '../function_cases.js';

const F = nn.functional;
const r = (...shape: number[]) => ({ randn: shape });

// One table, run on both sides: values and gradients.
const table: FunctionCase[] = [
  { name: 'constant', fn: 'pad', args: [r(2, 3, 4), [1, 2]] },
  { name: 'constantValue', fn: 'pad', args: [r(2, 3, 4), [1, 0, 2, 1], 'constant', 2.5] },
  { name: 'constantNegative', fn: 'pad', args: [r(2, 3, 4), [-1, 1, 0, -1]], kwargs: { value: -1 } },
  { name: 'constantMore', fn: 'pad', args: [r(2, 3, 4), [1, 1, -1, 2, 0, 1]], kwargs: { value: 3 } },
  { name: 'reflect1d', fn: 'pad', args: [r(2, 3, 5), [2, 3], 'reflect'] },
  { name: 'reflect2d', fn: 'pad', args: [r(1, 2, 4, 5), [1, 2, 3, 0]], kwargs: { mode: 'reflect' } },
  { name: 'reflect3d', fn: 'pad', args: [r(1, 1, 3, 4, 3), [1, 1, 2, 0, 0, 2]], kwargs: { mode: 'reflect' } },
  { name: 'replicate1d', fn: 'pad', args: [r(3, 4), [3, 1], 'replicate'] },
  { name: 'replicate2d', fn: 'pad', args: [r(1, 2, 3, 3), [2, 2, 0, 1]], kwargs: { mode: 'replicate' } },
  { name: 'replicate3d', fn: 'pad', args: [r(1, 2, 2, 3, 2), [1, 0, 1, 2, 2, 1], 'replicate'] },
  { name: 'circular1d', fn: 'pad', args: [r(1, 2, 4), [2, 3], 'circular'] },
  { name: 'circular2d', fn: 'pad', args: [r(2, 3, 4), [1, 1, 0, 2], 'circular'] },
  { name: 'circular3d', fn: 'pad', args: [r(1, 1, 2, 3, 3), [1, 2, 0, 1, 1, 1]], kwargs: { mode: 'circular' } },
  { name: 'circularNegative', fn: 'pad', args: [r(1, 2, 5), [-1, 2], 'circular'] },
];

let py: Record<string, FunctionResult>;
let pyErrors: Record<string, string>;
beforeAll(() => {
  [py, pyErrors] = oracles<[Record<string, FunctionResult>, Record<string, string>]>([['nn/functional/padding', 'cases', table], ['nn/functional/padding', 'errors']]);
});

describe('F.pad in every mode equal PyTorch', () => {
  it.each(table.map((c) => [c.name, c] as const))('%s: values and gradients', (_name, c) => {
    checkFunctionCase(c, py[c.name]!, 1e-4);
  });

  it('rejects what PyTorch rejects, with its messages', () => {
    for (const key of Object.keys(pyErrors)) expect(pyErrors[key], key).toBeTypeOf('string');
    expect(() => F.pad(torch.randn(2, 3), [1, 2, 3])).toThrow(pyErrors.odd!);
    expect(() => F.pad(torch.randn(1, 2, 3), [3, 0], 'reflect')).toThrow(pyErrors.reflectBig!);
    expect(() => F.pad(torch.randn(1, 2, 3), [1, 1], 'reflect', 2.0)).toThrow(pyErrors.reflectValue!);
    expect(() => F.pad(torch.randn(1, 2, 3), [1, 1, 1, 1, 1, 1, 1, 1])).toThrow(pyErrors.tooMany!);
    expect(() => F.pad(torch.randn(1, 2, 3), [1, 1], 'wrap' as 'circular')).toThrow("F.pad(): mode must be one of 'constant', 'reflect', 'replicate', 'circular'");
  });
});

describe('F.pad checks its arguments', () => {
  it('names a bad value or pad', () => {
    expect(() => F.pad(torch.randn(2, 3), [1, 1], 'constant', '1' as unknown as number)).toThrow('F.pad(): value must be a number (got "1")');
    expect(() => F.pad(torch.randn(2, 3), [1, 1.5])).toThrow('F.pad(): pad[1] must be an integer (got number 1.5)');
    expect(F.pad(torch.ones(1, 2), { pad: [1, 0], value: 2 }).tolist()).toEqual([[2, 1, 1]]);
    // @ts-expect-error pad is required
    expect(() => F.pad(torch.ones(1, 2), { mode: 'reflect' })).toThrow("F.pad(): missing required argument 'pad'");
  });
});
