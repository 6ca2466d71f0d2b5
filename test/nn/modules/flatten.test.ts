import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import { oracles } from '../../helpers/python.js';
import { checkUnaryLayerCase, type UnaryLayerCase, type UnaryLayerResult } from '../unary_layer_cases.js';

// Cases of test/nn/unary_layer_cases.ts: values, gradients and repr, by position and by keyword.
const CASES: UnaryLayerCase[] = [
  { name: 'Flatten', cls: 'Flatten', input: [2, 3, 4, 5] },
  { name: 'Flatten positional', cls: 'Flatten', args: [0, 1], input: [2, 3, 4] },
  { name: 'Flatten keywords', cls: 'Flatten', kwargs: { startDim: 2 }, input: [2, 3, 4, 5] },
  { name: 'Flatten endDim by keyword', cls: 'Flatten', args: [0], kwargs: { endDim: -2 }, input: [2, 3, 4, 5] },
  { name: 'Unflatten', cls: 'Unflatten', args: [1, [3, 4]], input: [2, 12] },
  { name: 'Unflatten size by keyword', cls: 'Unflatten', args: [1], kwargs: { unflattenedSize: [2, -1, 2] }, input: [2, 12] },
  { name: 'Unflatten keywords', cls: 'Unflatten', kwargs: { dim: -1, unflattenedSize: [6] }, input: [2, 6] },
];

let pyCases: Record<string, UnaryLayerResult>;
let pyErrors: Record<string, string>;
beforeAll(() => {
  [pyCases, pyErrors] = oracles<[typeof pyCases, typeof pyErrors]>([['nn/modules/flatten', 'cases', CASES], ['nn/modules/flatten', 'errors']]);
});

describe('Flatten and Unflatten equal PyTorch', () => {
  it('has a result for every case', () => {
    expect(Object.keys(pyCases)).toEqual(CASES.map((c) => c.name));
  });
  for (const c of CASES) it(c.name, () => checkUnaryLayerCase(c, pyCases[c.name]!));

  it('Flatten and Unflatten reshape as PyTorch', () => {
    expect(new nn.Flatten()(torch.zeros(2, 3, 4, 5)).shape).toEqual([2, 60]);
    expect(new nn.Flatten(0, 1)(torch.zeros(2, 3, 4)).shape).toEqual([6, 4]);
    expect(new nn.Unflatten(1, [3, 4])(torch.zeros(2, 12)).shape).toEqual([2, 3, 4]);
    expect(new nn.Unflatten({ dim: 1, unflattenedSize: [2, 3] })(torch.zeros(4, 6)).shape).toEqual([4, 2, 3]);
  });
});

describe('Flatten and Unflatten reject bad arguments', () => {
  it('unknown keywords, missing required ones, wrong types', () => {
    expect(() => new nn.Flatten({ start: 0 } as never)).toThrow(/Flatten\(\): unknown option 'start'/);
    expect(() => new nn.Unflatten({ dim: 1, size: [2, 3] } as never)).toThrow(/Unflatten\(\): unknown option 'size'/);
    // @ts-expect-error unflattenedSize is required (also by the types)
    expect(() => new nn.Unflatten(1)).toThrow(/Unflatten\(\): missing required argument 'unflattenedSize'/);
    // @ts-expect-error dim is required
    expect(() => new nn.Unflatten({ unflattenedSize: [2] })).toThrow(/missing required argument 'dim'/);
    expect(() => new nn.Unflatten(1, [2, 1.5])).toThrow(/unflattenedSize\[1\] must be an integer/);
    expect(() => new nn.Flatten(0.5)).toThrow(/Flatten\(\): startDim must be an integer/);
  });
  it('bad inputs give PyTorch\'s messages', () => {
    expect(() => new nn.Unflatten(1, [2, 4])(torch.zeros(2, 6))).toThrow(pyErrors.unflattenSize!);
    expect(() => new nn.Flatten(3)(torch.zeros(2, 6))).toThrow(pyErrors.flattenDim!);
  });
});
