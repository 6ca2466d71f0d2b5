import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import { oracles } from '../../helpers/python.js';
import { checkFunctionCase, type FunctionCase, type FunctionResult } from '../function_cases.js';

const F = nn.functional;

// Cases of test/nn/function_cases.ts: values and gradients, by position and by keyword.
const CASES: FunctionCase[] = [
  { name: 'bilinear', fn: 'bilinear', args: [{ randn: [4, 3] }, { randn: [4, 2] }, { randn: [5, 3, 2] }, { randn: [5] }] },
  { name: 'bilinear no bias', fn: 'bilinear', args: [{ randn: [2, 6, 3] }, { randn: [2, 6, 3] }, { randn: [2, 3, 3] }] },
  { name: 'bilinear keywords', fn: 'bilinear', args: [{ randn: [3, 2] }, { randn: [3, 4] }, { randn: [1, 2, 4] }], kwargs: { bias: null } },
];

let pyCases: Record<string, FunctionResult>;
let pyErrors: Record<string, string>;
beforeAll(() => {
  [pyCases, pyErrors] = oracles<[typeof pyCases, typeof pyErrors]>([['nn/functional/linear', 'cases', CASES], ['nn/functional/linear', 'errors']]);
});

describe('nn.functional bilinear equals PyTorch', () => {
  it('has a result for every case', () => {
    expect(Object.keys(pyCases)).toEqual(CASES.map((c) => c.name));
  });
  for (const c of CASES) it(c.name, () => checkFunctionCase(c, pyCases[c.name]!));

  it("bad input gives PyTorch's messages", () => {
    expect(() => F.bilinear(torch.randn(2, 3), torch.randn(2, 4), torch.randn(5, 3, 3))).toThrow(pyErrors.bilinearSize!);
    expect(() => F.bilinear(torch.randn(2, 3), torch.randn(2, 4), torch.randn(5, 3, 4), { bais: null } as never)).toThrow("F.bilinear(): unknown option 'bais'");
    expect(() => F.bilinear(torch.randn(2, 3), [1] as never, torch.randn(5, 3, 4))).toThrow('F.bilinear(): input2 must be a Tensor');
  });
});
