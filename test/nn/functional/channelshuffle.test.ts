import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import { oracles } from '../../helpers/python.js';
import { checkFunctionCase, type FunctionCase, type FunctionResult } from '../function_cases.js';

const F = nn.functional;
const r = (...shape: number[]) => ({ randn: shape });

// One table, run on both sides: values and gradients.
const table: FunctionCase[] = [
  { name: 'shuffle', fn: 'channelShuffle', args: [r(2, 6, 2, 3), 3] },
  { name: 'shuffleKw', fn: 'channelShuffle', args: [r(1, 4, 5)], kwargs: { groups: 2 } },
  { name: 'native', fn: 'nativeChannelShuffle', args: [r(2, 6, 2, 2), 2], grad: false },
  { name: 'nativeKw', fn: 'nativeChannelShuffle', args: [r(1, 9, 3)], kwargs: { groups: 3 }, grad: false },
];

let py: Record<string, FunctionResult>;
let pyErrors: Record<string, string>;
beforeAll(() => {
  [py, pyErrors] = oracles<[Record<string, FunctionResult>, Record<string, string>]>([['nn/functional/channelshuffle', 'cases', table], ['nn/functional/channelshuffle', 'errors']]);
});

describe('F.channelShuffle and F.nativeChannelShuffle equal PyTorch', () => {
  it.each(table.map((c) => [c.name, c] as const))('%s: values and gradients', (_name, c) => {
    checkFunctionCase(c, py[c.name]!, 1e-4);
  });

  it('rejects what PyTorch rejects, with its messages', () => {
    for (const key of Object.keys(pyErrors)) expect(pyErrors[key], key).toBeTypeOf('string');
    expect(() => F.channelShuffle(torch.randn(1, 4, 2, 2), 3)).toThrow(pyErrors.groups!);
    expect(() => F.channelShuffle(torch.randn(1, 4, 2, 2), 0)).toThrow(pyErrors.zero!);
    expect(() => F.nativeChannelShuffle(torch.randn(1, 4, 2, 2), 3)).toThrow(pyErrors.nativeGroups!);
  });
});
