import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import { oracles } from '../../helpers/python.js';
import { checkFunctionCase, type FunctionCase, type FunctionResult } from '../function_cases.js';

const F = nn.functional;
const r = (...shape: number[]) => ({ randn: shape });

// One table, run on both sides: values and gradients.
const table: FunctionCase[] = [
  { name: 'conv3d', fn: 'conv3d', args: [r(2, 4, 5, 4, 6), r(6, 2, 3, 2, 3), r(6)], kwargs: { stride: [1, 2, 1], padding: 1, groups: 2 } },
  { name: 'conv3dSame', fn: 'conv3d', args: [r(1, 2, 4, 5, 4), r(3, 2, 2, 3, 3), null, 1, 'same', [2, 1, 1]] },
  { name: 'conv3dUnbatched', fn: 'conv3d', args: [r(2, 3, 3, 3), r(1, 2, 2, 2, 2)] },
  { name: 'convTranspose1d', fn: 'convTranspose1d', args: [r(2, 4, 6), r(4, 3, 3), r(6)], kwargs: { stride: 2, padding: 1, outputPadding: 1, groups: 2, dilation: 2 } },
  { name: 'convTranspose1dPos', fn: 'convTranspose1d', args: [r(3, 5), r(3, 2, 2), null, 3] },
  { name: 'convTranspose2d', fn: 'convTranspose2d', args: [r(1, 2, 3, 4), r(2, 3, 2, 3)], kwargs: { stride: [2, 1], padding: [0, 1] } },
  { name: 'convTranspose3d', fn: 'convTranspose3d', args: [r(1, 2, 2, 3, 2), r(2, 2, 3, 2, 2), r(2), 2, 1, [1, 0, 1]] },
  { name: 'convTbc', fn: 'convTbc', args: [r(6, 2, 3), r(3, 3, 4), r(4), 1] },
  { name: 'convTbcKw', fn: 'convTbc', args: [r(5, 1, 2), r(2, 2, 3), r(3)], kwargs: { pad: 0 } },
];

let py: Record<string, FunctionResult>;
let pyErrors: Record<string, string>;
beforeAll(() => {
  [py, pyErrors] = oracles<[Record<string, FunctionResult>, Record<string, string>]>([['nn/functional/conv', 'cases', table], ['nn/functional/conv', 'errors']]);
});

describe('F.conv3d, F.convTranspose1d/2d/3d and F.convTbc equal PyTorch', () => {
  it.each(table.map((c) => [c.name, c] as const))('%s: values and gradients', (_name, c) => {
    checkFunctionCase(c, py[c.name]!, 1e-4);
  });

  it('rejects what PyTorch rejects, with its messages', () => {
    for (const key of Object.keys(pyErrors)) expect(pyErrors[key], key).toBeTypeOf('string');
    expect(() => F.convTbc(torch.randn(3, 2, 4), torch.randn(2, 4, 5), torch.randn(4))).toThrow(pyErrors.tbcBias!);
    expect(() => F.convTranspose3d(torch.randn(1, 3, 2, 2, 2), torch.randn(3, 2, 1, 1, 1), { groups: 2 })).toThrow(pyErrors.groups!);
    expect(() => F.conv3d(torch.randn(1, 3, 2, 2, 2), torch.randn(2, 2, 1, 1, 1))).toThrow(pyErrors.channels!);
    expect(() => F.convTranspose1d(torch.randn(1, 2, 3), torch.randn(2, 2, 2), { stride: [1, 1] })).toThrow('F.convTranspose1d(): stride must be an integer or an array of 1 integers (got an array of length 2)');
    expect(() => F.convTbc(torch.randn(3, 2, 4), torch.randn(2, 4, 5), null as never)).toThrow('F.convTbc(): bias must be a Tensor (got null)');
  });
});
