import { beforeAll, describe, expect, it, vi } from 'vitest';
import * as torch from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import { oracles } from '../../helpers/python.js';
import { checkInplaceFunctionCase, type InplaceFunctionCase, type InplaceFunctionResult } from '../inplace_function_cases.js';

const F = nn.functional;

// Cases of test/nn/inplace_function_cases.ts: every dropout of torch.nn.functional, by position and
// by keyword, in place too; the masks are PyTorch's for the same seed and the generator is left where
// PyTorch leaves it.
const CASES: InplaceFunctionCase[] = [
  { name: 'dropout', fn: 'dropout', args: [{ randn: [4, 6] }] },
  { name: 'dropout p, in place', fn: 'dropout', args: [{ randn: [4, 6] }, 0.3, true, true] },
  { name: 'dropout keywords', fn: 'dropout', args: [{ randn: [4, 6] }], kwargs: { p: 0.7 } },
  { name: 'dropout not training', fn: 'dropout', args: [{ randn: [4, 6] }], kwargs: { training: false } },
  { name: 'dropout1d', fn: 'dropout1d', args: [{ randn: [2, 5, 3] }, 0.4] },
  { name: 'dropout1d unbatched, in place', fn: 'dropout1d', args: [{ randn: [5, 3] }], kwargs: { p: 0.4, inplace: true } },
  { name: 'dropout2d', fn: 'dropout2d', args: [{ randn: [2, 5, 3, 2] }] },
  { name: 'dropout2d 3-D as (N, C, L)', fn: 'dropout2d', args: [{ randn: [2, 5, 3] }], kwargs: { p: 0.3 } },
  { name: 'dropout2d in place', fn: 'dropout2d', args: [{ randn: [2, 5, 3, 2] }, 0.3, true, true] },
  { name: 'dropout3d', fn: 'dropout3d', args: [{ randn: [2, 5, 3, 2, 2] }] },
  { name: 'dropout3d keywords', fn: 'dropout3d', args: [{ randn: [2, 5, 3, 2, 2] }], kwargs: { p: 0.25, training: true } },
  { name: 'dropout3d unbatched', fn: 'dropout3d', args: [{ randn: [5, 3, 2, 2] }, 0.6] },
  { name: 'dropout3d unbatched, in place', fn: 'dropout3d', args: [{ randn: [5, 3, 2, 2] }], kwargs: { inplace: true } },
  { name: 'dropout3d 3-D (deprecated)', fn: 'dropout3d', args: [{ randn: [5, 3, 2] }] },
  { name: 'dropout3d not training', fn: 'dropout3d', args: [{ randn: [2, 5, 3, 2, 2] }, 0.5, false] },
  { name: 'alphaDropout (not training by default)', fn: 'alphaDropout', args: [{ randn: [4, 6] }] },
  { name: 'alphaDropout training', fn: 'alphaDropout', args: [{ randn: [4, 6] }, 0.2, true] },
  { name: 'alphaDropout keywords, in place', fn: 'alphaDropout', args: [{ randn: [4, 6] }], kwargs: { p: 0.6, training: true, inplace: true } },
  { name: 'alphaDropout p 1', fn: 'alphaDropout', args: [{ randn: [4, 6] }], kwargs: { p: 1, training: true } },
  { name: 'featureAlphaDropout (not training by default)', fn: 'featureAlphaDropout', args: [{ randn: [2, 5, 3] }] },
  { name: 'featureAlphaDropout training', fn: 'featureAlphaDropout', args: [{ randn: [2, 5, 3] }, 0.4, true] },
  { name: 'featureAlphaDropout keywords, in place', fn: 'featureAlphaDropout', args: [{ randn: [2, 5, 3, 2] }], kwargs: { p: 0.3, training: true, inplace: true } },
];

let pyCases: Record<string, InplaceFunctionResult>;
let pyErrors: Record<string, string>;
let pyWarnings: string[];
beforeAll(() => {
  [pyCases, pyErrors, pyWarnings] = oracles<[typeof pyCases, typeof pyErrors, typeof pyWarnings]>([
    ['nn/functional/dropout', 'cases', CASES], ['nn/functional/dropout', 'errors'], ['nn/functional/dropout', 'rank_warnings'],
  ]);
});

// First in the file: each warning is shown once per process, and the cases below would show them.
describe('deprecated ranks warn as PyTorch (once each)', () => {
  it('dropout2d on 2-D and 3-D inputs, dropout3d on a 3-D input', () => {
    const spy = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      for (let i = 0; i < 2; i++) {
        F.dropout2d(torch.ones(2, 3));
        F.dropout2d(torch.ones(2, 3, 4));
        F.dropout3d(torch.ones(2, 3, 4));
      }
      expect(spy.mock.calls.map((c) => c[0])).toEqual(pyWarnings);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('nn.functional dropouts equal PyTorch: masks, gradients, the generator', () => {
  it('has a result for every case', () => {
    expect(Object.keys(pyCases)).toEqual(CASES.map((c) => c.name));
  });
  for (const c of CASES) it(c.name, () => checkInplaceFunctionCase(c, pyCases[c.name]!));

  it('not training returns the input itself; in place returns the input', () => {
    const x = torch.randn(2, 3, 2, 2, 2);
    expect(F.alphaDropout(x)).toBe(x);
    expect(F.featureAlphaDropout(x, 0.5, false)).toBe(x);
    expect(F.alphaDropout(x, { p: 0.5, training: true, inplace: true })).toBe(x);
    expect(F.dropout3d(x, { inplace: true })).toBe(x);
  });
});

describe('nn.functional dropouts reject bad arguments', () => {
  const x = torch.randn(2, 3);
  it('unknown keywords by name, wrong types', () => {
    expect(() => F.dropout3d(x, { train: true } as never)).toThrow(/F\.dropout3d\(\): unknown option 'train'/);
    expect(() => F.alphaDropout(x, { rate: 0.5 } as never)).toThrow(/F\.alphaDropout\(\): unknown option 'rate'/);
    expect(() => F.featureAlphaDropout(x, 0.5, 'yes' as never)).toThrow(/F\.featureAlphaDropout\(\): training must be a boolean/);
    expect(() => F.dropout3d('x' as never)).toThrow(/F\.dropout3d\(\): input must be a Tensor/);
  });
  it('p out of range and bad inputs give PyTorch\'s messages', () => {
    expect(() => F.alphaDropout(x, 1.5)).toThrow(RangeError);
    expect(() => F.alphaDropout(x, 1.5)).toThrow(pyErrors.p!);
    expect(() => F.dropout3d(x, -0.1)).toThrow(pyErrors.pNegative!);
    expect(() => F.featureAlphaDropout(torch.ones(4), 0.5, true)).toThrow(pyErrors.featureAlpha1d!);
  });
});
