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
  // aten::_grouped_mm has no CPU backward in PyTorch 2.13 (Python raises too): forward only.
  { name: 'groupedMm 3-D', fn: 'groupedMm', args: [{ randn: [2, 4, 8] }, { randn: [2, 8, 16] }], grad: false },
];

let pyCases: Record<string, FunctionResult>;
let pyErrors: Record<string, string> & { groupedMmOffs?: unknown };
beforeAll(() => {
  [pyCases, pyErrors] = oracles<[typeof pyCases, typeof pyErrors]>([['nn/functional/linear', 'cases', CASES], ['nn/functional/linear', 'errors']]);
});

describe('nn.functional bilinear and groupedMm equal PyTorch', () => {
  it('has a result for every case', () => {
    expect(Object.keys(pyCases)).toEqual(CASES.map((c) => c.name));
  });
  for (const c of CASES) it(c.name, () => checkFunctionCase(c, pyCases[c.name]!));

  it("bad input gives PyTorch's messages", () => {
    expect(() => F.bilinear(torch.randn(2, 3), torch.randn(2, 4), torch.randn(5, 3, 3))).toThrow(pyErrors.bilinearSize!);
    expect(() => F.bilinear(torch.randn(2, 3), torch.randn(2, 4), torch.randn(5, 3, 4), { bais: null } as never)).toThrow("F.bilinear(): unknown option 'bais'");
    expect(() => F.bilinear(torch.randn(2, 3), [1] as never, torch.randn(5, 3, 4))).toThrow('F.bilinear(): input2 must be a Tensor');
    expect(() => F.groupedMm(torch.randn(2, 4, 8), torch.randn(2, 8, 16), { offsets: null } as never)).toThrow("F.groupedMm(): unknown option 'offsets'");
    expect(() => F.groupedMm(torch.randn(6, 8), torch.randn(2, 8, 3), { offs: torch.tensor([2, 6], { dtype: 'int32' }) })).toThrow(pyErrors.groupedMmStrides!);
  });

  it('groupedMm cuts a 2-D operand into groups at offs', () => {
    torch.manualSeed(0);
    const a = torch.randn(6, 8);
    const b = torch.randn(2, 8, 16);
    const out = F.groupedMm(a, b, { offs: torch.tensor([2, 6], { dtype: 'int32' }) });
    expect(out.tolist()).toEqual(pyErrors.groupedMmOffs);
  });
});
