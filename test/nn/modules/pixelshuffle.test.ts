import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import { oracles } from '../../helpers/python.js';
import { checkCase, type CaseResult, type ModuleCase } from '../module_cases.js';

// One table, run on both sides (init, forward, gradients, repr), every argument positionally or by name.
const table: ModuleCase[] = [
  { name: 'shuffle', cls: 'PixelShuffle', args: [2], input: [2, 8, 3, 2] },
  { name: 'shuffleKw', cls: 'PixelShuffle', kwargs: { upscaleFactor: 3 }, input: [9, 2, 2] },
  { name: 'shuffleBatchDims', cls: 'PixelShuffle', args: [2], input: [2, 1, 4, 2, 3] },
  { name: 'unshuffle', cls: 'PixelUnshuffle', args: [2], input: [2, 2, 4, 6] },
  { name: 'unshuffleKw', cls: 'PixelUnshuffle', kwargs: { downscaleFactor: 3 }, input: [1, 6, 3] },
];

let py: Record<string, CaseResult>;
let pyErrors: Record<string, string>;
beforeAll(() => {
  [py, pyErrors] = oracles<[Record<string, CaseResult>, Record<string, string>]>([['nn/modules/pixelshuffle', 'cases', table], ['nn/modules/pixelshuffle', 'errors']]);
});

describe('PixelShuffle and PixelUnshuffle equal PyTorch', () => {
  it.each(table.map((c) => [c.name, c] as const))('%s: forward, gradient, repr', (_name, c) => {
    checkCase(c, py[c.name]!);
  });

  it('rejects what PyTorch rejects', () => {
    expect(() => new nn.PixelShuffle(2)(torch.randn(1, 3, 2, 2))).toThrow(pyErrors.shuffle!);
    expect(() => new nn.PixelUnshuffle(2)(torch.randn(1, 1, 3, 4))).toThrow(pyErrors.unshuffle!);
    expect(() => new nn.PixelShuffle(1.5)).toThrow('PixelShuffle(): upscaleFactor must be an integer (got number 1.5)');
  });
});
