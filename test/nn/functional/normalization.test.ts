import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import { oracles } from '../../helpers/python.js';
import { expectEachClose } from '../helpers.js';
import { checkFunctionCase, type FunctionCase, type FunctionResult } from '../function_cases.js';

const F = nn.functional;

// Cases of test/nn/function_cases.ts: values and gradients, by position and by keyword.
const CASES: FunctionCase[] = [
  { name: 'batchNorm training', fn: 'batchNorm', args: [{ randn: [4, 3] }, null, null, { randn: [3] }, { randn: [3] }, true] },
  { name: 'batchNorm keywords', fn: 'batchNorm', args: [{ randn: [4, 3, 5] }, null, null], kwargs: { weight: null, training: true, eps: 1e-3 } },
  { name: 'instanceNorm', fn: 'instanceNorm', args: [{ randn: [2, 3, 6] }] },
  { name: 'instanceNorm affine', fn: 'instanceNorm', args: [{ randn: [2, 3, 4, 4] }, null, null, { randn: [3] }, { randn: [3] }] },
  { name: 'instanceNorm keywords', fn: 'instanceNorm', args: [{ randn: [2, 2, 2, 3, 3] }, null, null, { randn: [2] }], kwargs: { eps: 1e-2, momentum: 0.5 } },
  { name: 'layerNorm', fn: 'layerNorm', args: [{ randn: [3, 4, 5] }, [4, 5], { randn: [4, 5] }, { randn: [4, 5] }] },
  { name: 'layerNorm keywords', fn: 'layerNorm', args: [{ randn: [3, 6] }, [6]], kwargs: { eps: 1e-2 } },
  { name: 'groupNorm', fn: 'groupNorm', args: [{ randn: [2, 6, 3] }, 3, { randn: [6] }, { randn: [6] }, 1e-4] },
  { name: 'groupNorm keywords', fn: 'groupNorm', args: [{ randn: [2, 4, 2, 2] }, 2], kwargs: { eps: 1e-3 } },
  { name: 'rmsNorm', fn: 'rmsNorm', args: [{ randn: [3, 6] }, [6]] },
  { name: 'rmsNorm weight eps', fn: 'rmsNorm', args: [{ randn: [2, 3, 4] }, [3, 4], { randn: [3, 4] }, 1e-3] },
  { name: 'rmsNorm keywords', fn: 'rmsNorm', args: [{ randn: [5, 4] }, [4], { randn: [4] }], kwargs: { eps: 0.5 } },
  { name: 'rmsNorm float64', fn: 'rmsNorm', args: [{ randn: [2, 3], dtype: 'float64' }, [3]] },
  { name: 'localResponseNorm 3d', fn: 'localResponseNorm', args: [{ randn: [2, 5, 7] }, 2] },
  { name: 'localResponseNorm 4d', fn: 'localResponseNorm', args: [{ randn: [2, 6, 3, 3] }, 3, 1e-2, 0.5, 2.5] },
  { name: 'localResponseNorm 5d keywords', fn: 'localResponseNorm', args: [{ randn: [1, 4, 2, 2, 3] }, 4], kwargs: { alpha: 0.1, beta: 1.5, k: 0.5 } },
  { name: 'normalize', fn: 'normalize', args: [{ randn: [3, 4] }], kwargs: { p: 1, dim: 0 } },
];

let pyCases: Record<string, FunctionResult>;
let pyStats: Record<string, unknown>;
let pyErrors: Record<string, string>;
beforeAll(() => {
  [pyCases, pyStats, pyErrors] = oracles<[typeof pyCases, typeof pyStats, typeof pyErrors]>([
    ['nn/functional/normalization', 'cases', CASES], ['nn/functional/normalization', 'running_stats'], ['nn/functional/normalization', 'errors'],
  ]);
});

describe('nn.functional normalisations equal PyTorch', () => {
  it('has a result for every case', () => {
    expect(Object.keys(pyCases)).toEqual(CASES.map((c) => c.name));
  });
  for (const c of CASES) it(c.name, () => checkFunctionCase(c, pyCases[c.name]!));

  it('batchNorm and instanceNorm update the running statistics they are given', () => {
    torch.manualSeed(7);
    const x = torch.randn(4, 3, 5);
    const [rm, rv] = [torch.zeros(3), torch.ones(3)];
    F.batchNorm(x, rm, rv, { training: true, momentum: 0.3 });
    const [irm, irv] = [torch.zeros(3), torch.ones(3)];
    F.instanceNorm(x, irm, irv, { useInputStats: true, momentum: 0.2 });
    expectEachClose({ bnMean: rm, bnVar: rv, inMean: irm, inVar: irv }, pyStats);
  });

  it('normalize writes into out when given', () => {
    torch.manualSeed(3);
    const x = torch.randn(3, 4);
    const out = torch.empty(3, 4);
    expect(F.normalize(x, { dim: 0, out })).toBe(out);
    expect(out.sub(F.normalize(x, 2, 0)).abs().max().item()).toBe(0);
  });

  it("bad input gives PyTorch's messages", () => {
    const e = pyErrors;
    expect(() => F.batchNorm(torch.randn(1, 3), null, null, { training: true })).toThrow(e.bnBatch!);
    expect(() => F.batchNorm(torch.randn(2, 3), null, null, { training: true, eps: 0 })).toThrow(e.bnEpsTrain!);
    expect(() => F.batchNorm(torch.randn(2, 3), null, null, { eps: -1 })).toThrow(e.bnEps!);
    expect(() => F.instanceNorm(torch.randn(2, 3, 1))).toThrow(e.inSpatial!);
    expect(() => F.groupNorm(torch.randn(1, 2), 2)).toThrow(e.gnBatch!);
    expect(() => F.groupNorm(torch.randn(4), 2)).toThrow(e.gnDim!);
    expect(() => F.localResponseNorm(torch.randn(2, 3), 2)).toThrow(e.lrnDim!);
    expect(() => F.rmsNorm(torch.randn(2, 3), [4])).toThrow(e.rmsShape!);
    expect(() => F.layerNorm(torch.randn(2, 3), [4])).toThrow(e.lnShape!);
    expect(() => F.instanceNorm(torch.randn(2, 3, 4), { usInputStats: false } as never)).toThrow("F.instanceNorm(): unknown option 'usInputStats'");
    expect(() => F.localResponseNorm(torch.randn(2, 3, 4), 0)).toThrow(RangeError);
  });
});
