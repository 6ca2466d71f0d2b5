import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import { oracles } from '../../helpers/python.js';
import { checkCase, type CaseResult, type ModuleCase } from '../module_cases.js';

// One table, run on both sides (init, forward, gradients, repr), every argument positionally or by name.
const table: ModuleCase[] = [
  { name: 'shuffle', cls: 'ChannelShuffle', args: [2], input: [2, 4, 2, 3] },
  { name: 'shuffleKw', cls: 'ChannelShuffle', kwargs: { groups: 3 }, input: [1, 6, 5] },
  { name: 'shuffle3d', cls: 'ChannelShuffle', args: [3], input: [1, 9, 2, 2, 2] },
];

let py: Record<string, CaseResult>;
let pyErrors: Record<string, string>;
beforeAll(() => {
  [py, pyErrors] = oracles<[Record<string, CaseResult>, Record<string, string>]>([['nn/modules/channelshuffle', 'cases', table], ['nn/modules/channelshuffle', 'errors']]);
});

describe('ChannelShuffle equal PyTorch', () => {
  it.each(table.map((c) => [c.name, c] as const))('%s: forward, gradient, repr', (_name, c) => {
    checkCase(c, py[c.name]!);
  });

  it('rejects what PyTorch rejects', () => {
    expect(() => new nn.ChannelShuffle(3)(torch.randn(1, 4, 2, 2))).toThrow(pyErrors.groups!);
    expect(() => new nn.ChannelShuffle({ group: 3 } as never)).toThrow("ChannelShuffle(): unknown option 'group'");
  });
});
