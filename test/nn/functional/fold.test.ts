import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import { oracles } from '../../helpers/python.js';
import { checkFunctionCase, type FunctionCase, type FunctionResult } from '../function_cases.js';

const F = nn.functional;
const r = (...shape: number[]) => ({ randn: shape });

// One table, run on both sides: values and gradients.
const table: FunctionCase[] = [
  { name: 'unfold', fn: 'unfold', args: [r(2, 3, 4, 5), [2, 3]] },
  { name: 'unfoldAll', fn: 'unfold', args: [r(1, 2, 5, 6), 2, 2, [1, 0], 2] },
  { name: 'unfoldKw', fn: 'unfold', args: [r(2, 4, 4)], kwargs: { kernelSize: 3, padding: 1 } },
  { name: 'fold', fn: 'fold', args: [r(1, 12, 12), [4, 5], 2] },
  { name: 'foldAll', fn: 'fold', args: [r(2, 6, 15), 5, [2, 3], [2, 1], 1, [1, 2]] },
  { name: 'foldKw', fn: 'fold', args: [r(8, 4)], kwargs: { outputSize: [3, 3], kernelSize: 2 } },
];

let py: Record<string, FunctionResult>;
let pyErrors: Record<string, string>;
beforeAll(() => {
  [py, pyErrors] = oracles<[Record<string, FunctionResult>, Record<string, string>]>([['nn/functional/fold', 'cases', table], ['nn/functional/fold', 'errors']]);
});

describe('F.fold and F.unfold equal PyTorch', () => {
  it.each(table.map((c) => [c.name, c] as const))('%s: values and gradients', (_name, c) => {
    checkFunctionCase(c, py[c.name]!, 1e-4);
  });

  it('rejects what PyTorch rejects, with its messages', () => {
    for (const key of Object.keys(pyErrors)) expect(pyErrors[key], key).toBeTypeOf('string');
    expect(() => F.fold(torch.randn(1, 12, 10), [4, 5], 2)).toThrow(pyErrors.foldBlocks!);
    expect(() => F.fold(torch.randn(1, 10, 12), [4, 5], 2)).toThrow(pyErrors.foldChannels!);
    expect(() => F.unfold(torch.randn(2, 3), 2)).toThrow(pyErrors.unfoldDim!);
    expect(() => F.unfold(torch.randn(1, 1, 3, 3), [2, 2, 2])).toThrow('F.unfold(): kernelSize must be an integer or an array of 2 integers (got an array of length 3)');
  });
});
