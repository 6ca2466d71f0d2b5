import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import { oracles } from '../../helpers/python.js';
import { expectClose, expectEachClose } from '../helpers.js';

/** `new nn[cls](...args, kwargs)` on two seeded randn inputs, as test/oracles/nn/modules/distance.py `cases` runs it. */
interface DistanceCase { name: string; cls: 'CosineSimilarity' | 'PairwiseDistance'; args?: unknown[]; kwargs?: Record<string, unknown>; inputs: [number[], number[]] }

const CASES: DistanceCase[] = [
  { name: 'CosineSimilarity keywords', cls: 'CosineSimilarity', kwargs: { dim: 0, eps: 1e-6 }, inputs: [[4, 6], [4, 6]] },
  { name: 'CosineSimilarity dim', cls: 'CosineSimilarity', args: [-1], inputs: [[3, 4, 5], [3, 4, 5]] },
  { name: 'CosineSimilarity broadcast', cls: 'CosineSimilarity', inputs: [[3, 5], [1, 5]] },
  { name: 'PairwiseDistance', cls: 'PairwiseDistance', inputs: [[4, 6], [4, 6]] },
  { name: 'PairwiseDistance p', cls: 'PairwiseDistance', args: [3.5], inputs: [[4, 6], [4, 6]] },
  { name: 'PairwiseDistance keywords', cls: 'PairwiseDistance', kwargs: { p: 1.5, eps: 1e-3, keepdim: true }, inputs: [[4, 6], [4, 6]] },
  { name: 'PairwiseDistance unbatched', cls: 'PairwiseDistance', kwargs: { p: 1 }, inputs: [[6], [6]] },
];

let py: { o: Record<string, unknown>; repr: string[] };
let pyCases: Record<string, { out: unknown; shape: number[]; grad1: unknown; grad2: unknown; repr: string }>;
beforeAll(() => {
  [py, pyCases] = oracles<[typeof py, typeof pyCases]>([['nn/modules/distance', 'results'], ['nn/modules/distance', 'cases', CASES]]);
});

describe('distances equal PyTorch', () => {
  it('CosineSimilarity and PairwiseDistance: forward and repr', () => {
    torch.manualSeed(12);
    const a = torch.randn(4, 6); const b = torch.randn(4, 6);
    expectEachClose({ cos: new nn.CosineSimilarity()(a, b), pd: new nn.PairwiseDistance(1.0, { keepdim: true })(a, b) }, py.o);
    expect([new nn.CosineSimilarity(), new nn.PairwiseDistance()].map(String)).toEqual(py.repr);
  });
});

describe('distance layers by position and by keyword: values, gradients, repr', () => {
  it('has a result for every case', () => {
    expect(Object.keys(pyCases)).toEqual(CASES.map((c) => c.name));
  });
  for (const c of CASES) {
    it(c.name, () => {
      const want = pyCases[c.name]!;
      torch.manualSeed(0);
      const Cls = nn[c.cls] as unknown as new (...a: unknown[]) => nn.Module;
      const m = new Cls(...(c.args ?? []), ...(c.kwargs === undefined ? [] : [c.kwargs]));
      const x1 = torch.randn(c.inputs[0]).requiresGrad_();
      const x2 = torch.randn(c.inputs[1]).requiresGrad_();
      const y = (m as unknown as (a: torch.Tensor, b: torch.Tensor) => torch.Tensor)(x1, x2);
      y.backward(torch.randnLike(y));
      expect(y.shape).toEqual(want.shape);
      expect(String(m)).toBe(want.repr);
      expectEachClose({ out: y, grad1: x1.grad, grad2: x2.grad }, { out: want.out, grad1: want.grad1, grad2: want.grad2 });
    });
  }
  it('rejects an unknown keyword by name', () => {
    expect(() => new nn.PairwiseDistance({ norm: 1 } as never)).toThrow(/PairwiseDistance\(\): unknown option 'norm'/);
    expect(() => new nn.CosineSimilarity({ dims: 1 } as never)).toThrow(/CosineSimilarity\(\): unknown option 'dims'/);
    expect(() => new nn.PairwiseDistance({ keepdim: 'yes' as never })).toThrow(/keepdim must be a boolean/);
    expect(new nn.PairwiseDistance({ p: 1 }).norm).toBe(1);
    expectClose(new nn.PairwiseDistance({ p: 1 })(torch.zeros(2), torch.ones(2)), 2 * (1 - 1e-6));
  });
});
