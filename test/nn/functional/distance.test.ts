import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import { oracles } from '../../helpers/python.js';
import { checkInplaceFunctionCase, type InplaceFunctionCase, type InplaceFunctionResult } from '../inplace_function_cases.js';

const F = nn.functional;

// Cases of test/nn/inplace_function_cases.ts: values and gradients, by position and by keyword.
const CASES: InplaceFunctionCase[] = [
  { name: 'pdist', fn: 'pdist', args: [{ randn: [5, 3] }] },
  { name: 'pdist p', fn: 'pdist', args: [{ randn: [5, 3] }, 1] },
  { name: 'pdist keywords', fn: 'pdist', args: [{ randn: [4, 6] }], kwargs: { p: 3.5 } },
  { name: 'pdist infinity norm', fn: 'pdist', args: [{ randn: [4, 6] }], kwargs: { p: Infinity } },
  { name: 'pairwiseDistance', fn: 'pairwiseDistance', args: [{ randn: [4, 6] }, { randn: [4, 6] }] },
  { name: 'pairwiseDistance keywords', fn: 'pairwiseDistance', args: [{ randn: [4, 6] }, { randn: [4, 6] }], kwargs: { p: 1.5, eps: 1e-3, keepdim: true } },
  { name: 'cosineSimilarity', fn: 'cosineSimilarity', args: [{ randn: [4, 6] }, { randn: [4, 6] }] },
  { name: 'cosineSimilarity keywords', fn: 'cosineSimilarity', args: [{ randn: [4, 6] }, { randn: [1, 6] }], kwargs: { dim: -1, eps: 1e-4 } },
];

let pyCases: Record<string, InplaceFunctionResult>;
let pyErrors: Record<string, string>;
beforeAll(() => {
  // JSON has no Infinity: the case's p goes to Python as the string 'inf'.
  const table = JSON.parse(JSON.stringify(CASES, (_k, v: unknown) => (v === Infinity ? 'inf' : v))) as InplaceFunctionCase[];
  [pyCases, pyErrors] = oracles<[typeof pyCases, typeof pyErrors]>([
    ['nn/functional/distance', 'cases', table], ['nn/functional/distance', 'errors'],
  ]);
});

describe('nn.functional distances equal PyTorch', () => {
  it('has a result for every case', () => {
    expect(Object.keys(pyCases)).toEqual(CASES.map((c) => c.name));
  });
  for (const c of CASES) it(c.name, () => checkInplaceFunctionCase(c, pyCases[c.name]!));

  it('pdist is the upper triangle of cdist, row by row', () => {
    const x = torch.randn(4, 3);
    const d = torch.cdist(x, x);
    const want = [[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3]].map(([i, j]) => d.index([i!, j!]).item());
    (F.pdist(x).tolist() as number[]).forEach((v, k) => expect(v).toBeCloseTo(want[k]!, 5));
  });
});

describe('nn.functional distances reject bad arguments', () => {
  it('unknown keywords by name, wrong types, PyTorch\'s messages', () => {
    expect(() => F.pdist(torch.randn(3, 2), { norm: 1 } as never)).toThrow(/F\.pdist\(\): unknown option 'norm'/);
    expect(() => F.pdist(torch.randn(3, 2), '1' as never)).toThrow(/F\.pdist\(\): p must be a number/);
    expect(() => F.pdist([[1, 2]] as never)).toThrow(/F\.pdist\(\): input must be a Tensor/);
    expect(() => F.pdist(torch.randn(2, 3, 4))).toThrow(pyErrors.pdist3d!);
    expect(() => F.pdist(torch.randn(3, 4), -1)).toThrow(pyErrors.pdistP!);
  });
});
