import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import { oracles } from '../../helpers/python.js';
import { expectEachClose } from '../helpers.js';
import { checkUnaryLayerCase, type UnaryLayerCase, type UnaryLayerResult } from '../unary_layer_cases.js';

const F = nn.functional;

// Dropout masks come from the generator: the same seed gives PyTorch's masks, and the generator
// is left in the same state (the draw after them agrees).
// Cases of test/nn/unary_layer_cases.ts: masks, gradients, repr and the draw after them.
const CASES: UnaryLayerCase[] = [
  { name: 'Dropout keywords, in place', cls: 'Dropout', kwargs: { p: 0.3, inplace: true }, input: [4, 6] },
  { name: 'Dropout1d keywords', cls: 'Dropout1d', kwargs: { p: 0.25 }, input: [2, 6, 3] },
  { name: 'Dropout2d keywords', cls: 'Dropout2d', kwargs: { p: 0.6 }, input: [2, 6, 2, 2] },
  { name: 'Dropout3d', cls: 'Dropout3d', input: [2, 6, 2, 3, 2] },
  { name: 'Dropout3d p', cls: 'Dropout3d', args: [0.3], input: [2, 6, 2, 3, 2] },
  { name: 'Dropout3d unbatched', cls: 'Dropout3d', kwargs: { p: 0.4 }, input: [6, 2, 3, 2] },
  { name: 'Dropout3d keywords, in place', cls: 'Dropout3d', kwargs: { p: 0.4, inplace: true }, input: [2, 6, 2, 3, 2] },
  { name: 'Dropout3d unbatched, in place', cls: 'Dropout3d', args: [0.4, true], input: [6, 2, 3, 2] },
  { name: 'Dropout3d eval', cls: 'Dropout3d', input: [2, 6, 2, 3, 2], eval: true },
  { name: 'AlphaDropout', cls: 'AlphaDropout', input: [5, 6] },
  { name: 'AlphaDropout p', cls: 'AlphaDropout', args: [0.2], input: [5, 6] },
  { name: 'AlphaDropout keywords', cls: 'AlphaDropout', kwargs: { p: 0.7, inplace: true }, input: [5, 6] },
  { name: 'AlphaDropout eval', cls: 'AlphaDropout', args: [0.2], input: [5, 6], eval: true },
  { name: 'FeatureAlphaDropout', cls: 'FeatureAlphaDropout', input: [2, 6, 3, 3] },
  { name: 'FeatureAlphaDropout keywords', cls: 'FeatureAlphaDropout', kwargs: { p: 0.25 }, input: [3, 5, 4] },
  { name: 'FeatureAlphaDropout eval', cls: 'FeatureAlphaDropout', args: [0.25], input: [3, 5, 4], eval: true },
];

let py: { elements: Record<string, unknown>; channels: Record<string, unknown>; repr: string[] };
let pyCases: Record<string, UnaryLayerResult>;
let pyErrors: Record<string, string>;
beforeAll(() => {
  [py, pyCases, pyErrors] = oracles<[typeof py, typeof pyCases, typeof pyErrors]>([
    ['nn/modules/dropout', 'results'], ['nn/modules/dropout', 'cases', CASES], ['nn/modules/dropout', 'errors'],
  ]);
});

describe('dropout equals PyTorch', () => {
  it('Dropout and F.dropout draw the same masks for the same seed', () => {
    torch.manualSeed(5);
    const d = new nn.Dropout(0.3);
    const drop = d(torch.ones(4, 5));
    const dropF = F.dropout(torch.ones(6), 0.5);
    expectEachClose({ drop, dropF, after: torch.rand(2) }, py.elements);
  });

  it('Dropout1d and Dropout2d zero whole channels (also unbatched): masks and repr', () => {
    torch.manualSeed(11);
    const d1 = new nn.Dropout1d(0.5);
    const d2 = new nn.Dropout2d(0.3);
    expectEachClose({ d1: d1(torch.ones(2, 6, 3)), d2: d2(torch.ones(2, 6, 2, 2)), d1nb: d1(torch.ones(6, 3)) }, py.channels);
    expect([d1, d2].map(String)).toEqual(py.repr);
  });

  it('Dropout is the identity in eval mode and with p = 0; inplace modifies the input', () => {
    const x = torch.randn(10, 10);
    const d = new nn.Dropout(0.5);
    d.eval();
    expect(d(x)).toBe(x);
    expect(F.dropout(x, { p: 0.5, training: false }).equal(x)).toBe(true);
    const ones = torch.ones(100);
    const same = new nn.Dropout({ p: 0.5, inplace: true })(ones);
    expect(same).toBe(ones);
    expect(new Set(ones.tolist() as number[])).toEqual(new Set([0, 2]));
  });
});

describe('every dropout layer, by position and by keyword: masks, gradients, repr and the generator as PyTorch', () => {
  it('has a result for every case', () => {
    expect(Object.keys(pyCases)).toEqual(CASES.map((c) => c.name));
  });
  for (const c of CASES) it(c.name, () => checkUnaryLayerCase(c, pyCases[c.name]!));
});

describe('dropout layers reject bad arguments', () => {
  it('an unknown keyword, by name; p out of range with PyTorch\'s message', () => {
    expect(() => new nn.Dropout3d({ prob: 0.5 } as never)).toThrow(/Dropout3d\(\): unknown option 'prob'/);
    expect(() => new nn.AlphaDropout(0.5, { inplace: true, p: 0.2 } as never)).toThrow(/got multiple values for argument 'p'/);
    expect(() => new nn.FeatureAlphaDropout(1.5)).toThrow(RangeError);
    expect(() => new nn.FeatureAlphaDropout(1.5)).toThrow(pyErrors.range!);
    expect(() => new nn.Dropout({ inplace: 1 } as never)).toThrow(/Dropout\(\): inplace must be a boolean/);
  });
  it('FeatureAlphaDropout of a 1-D input: PyTorch\'s message', () => {
    expect(() => new nn.FeatureAlphaDropout()(torch.ones(4))).toThrow(pyErrors.featureAlpha1d!);
  });
  it('the layers share DropoutNd, as PyTorch\'s _DropoutNd', () => {
    for (const m of [new nn.Dropout(), new nn.Dropout3d(), new nn.AlphaDropout(), new nn.FeatureAlphaDropout()]) {
      expect(m).toBeInstanceOf(nn.DropoutNd);
    }
  });
});
