import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import { oracles } from '../../helpers/python.js';
import { checkCase, type CaseResult, type ModuleCase } from '../module_cases.js';

// One table, run on both sides (init, forward, gradients, repr), every argument positionally or by name.
const table: ModuleCase[] = [
  { name: 'fold', cls: 'Fold', args: [[4, 5], 2], input: [1, 12, 12] },
  { name: 'foldKw', cls: 'Fold', kwargs: { outputSize: 5, kernelSize: [2, 3], stride: [1, 2], padding: 1, dilation: [2, 1] }, input: [2, 6, 15] },
  { name: 'foldUnbatched', cls: 'Fold', args: [[3, 3], 2, 1, 0, 1], input: [8, 4] },
  { name: 'unfold', cls: 'Unfold', args: [[2, 3]], input: [2, 3, 4, 5] },
  { name: 'unfoldKw', cls: 'Unfold', kwargs: { kernelSize: 2, dilation: 2, padding: [1, 0], stride: 2 }, input: [1, 2, 5, 6] },
  { name: 'unfoldUnbatched', cls: 'Unfold', args: [3, 1, 1], input: [2, 4, 4] },
];

let py: Record<string, CaseResult>;
let pyErrors: Record<string, string>;
beforeAll(() => {
  [py, pyErrors] = oracles<[Record<string, CaseResult>, Record<string, string>]>([['nn/modules/fold', 'cases', table], ['nn/modules/fold', 'errors']]);
});

describe('Fold and Unfold equal PyTorch', () => {
  it.each(table.map((c) => [c.name, c] as const))('%s: forward, gradient, repr', (_name, c) => {
    checkCase(c, py[c.name]!);
  });

  it('rejects what PyTorch rejects', () => {
    expect(() => new nn.Fold([4, 5], 2)(torch.randn(1, 12, 10))).toThrow(pyErrors.foldBlocks!);
    expect(() => new nn.Unfold(2)(torch.randn(2, 3))).toThrow(pyErrors.unfoldDim!);
    expect(() => new nn.Unfold([2, 2, 2])).toThrow('Unfold(): kernelSize must be an integer or an array of 2 integers (got an array of length 3)');
    expect(() => new (nn.Fold as unknown as new (...a: unknown[]) => nn.Module)({ kernelSize: 2 })).toThrow("Fold(): missing required argument 'outputSize'");
  });
});
