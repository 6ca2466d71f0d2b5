import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import { oracles } from '../../helpers/python.js';
import { checkFunctionCase, type FunctionCase, type FunctionResult } from '../function_cases.js';

const F = nn.functional;
const r = (...shape: number[]) => ({ randn: shape });

// One table, run on both sides: values and gradients.
const table: FunctionCase[] = [
  { name: 'shuffle', fn: 'pixelShuffle', args: [r(2, 8, 3, 2), 2] },
  { name: 'shuffleKw', fn: 'pixelShuffle', args: [r(2, 9, 2, 2)], kwargs: { upscaleFactor: 3 } },
  { name: 'shuffleUnbatched', fn: 'pixelShuffle', args: [r(4, 2, 3), 2] },
  { name: 'unshuffle', fn: 'pixelUnshuffle', args: [r(1, 2, 4, 6), 2] },
  { name: 'unshuffleKw', fn: 'pixelUnshuffle', args: [r(2, 1, 2, 6, 3)], kwargs: { downscaleFactor: 3 } },
];

let py: Record<string, FunctionResult>;
let pyErrors: Record<string, string>;
beforeAll(() => {
  [py, pyErrors] = oracles<[Record<string, FunctionResult>, Record<string, string>]>([['nn/functional/pixelshuffle', 'cases', table], ['nn/functional/pixelshuffle', 'errors']]);
});

describe('F.pixelShuffle and F.pixelUnshuffle equal PyTorch', () => {
  it.each(table.map((c) => [c.name, c] as const))('%s: values and gradients', (_name, c) => {
    checkFunctionCase(c, py[c.name]!, 1e-4);
  });

  it('rejects what PyTorch rejects, with its messages', () => {
    for (const key of Object.keys(pyErrors)) expect(pyErrors[key], key).toBeTypeOf('string');
    expect(() => F.pixelShuffle(torch.randn(1, 3, 2, 2), 2)).toThrow(pyErrors.shuffle!);
    expect(() => F.pixelShuffle(torch.randn(4, 2), 2)).toThrow(pyErrors.shuffle2d!);
    expect(() => F.pixelUnshuffle(torch.randn(1, 1, 4, 3), 2)).toThrow(pyErrors.unshuffle!);
    expect(() => F.pixelShuffle(torch.randn(1, 4, 2, 2), 0)).toThrow(pyErrors.factor!);
    expect(() => (F.pixelShuffle as (...a: unknown[]) => unknown)(torch.randn(1, 4, 2, 2))).toThrow("F.pixelShuffle(): missing required argument 'upscaleFactor'");
  });
});
