import { describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import type { Tensor } from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import { oracleBatch } from '../../helpers/python.js';
import { expectClose } from '../helpers.js';

type L = unknown;
const py = oracleBatch<{
  r: { tied: L; untied: L; kwargs: L; unchanged: L; tiedConflict: string; strict: string; dup: string; grad: L; moduleGrad: boolean; runningMean: L; bnOwn: L };
}>({ r: ['nn/utils/stateless', 'results'] });

class Tied extends nn.Module {
  a = new nn.Linear(2, 2, { bias: false });
  b = new nn.Linear(2, 2, { bias: false });
  declare scale: Tensor;
  constructor() {
    super();
    this.b.weight = this.a.weight;
    this.registerBuffer('scale', torch.ones(1));
  }
  forward(x: Tensor, options: { power?: number } = {}): Tensor {
    return this.b(this.a(x)).mul(this.scale).pow(options.power ?? 1);
  }
}

describe('nn.utils.stateless.functionalCall', () => {
  it('swaps parameters and buffers for one call, tied weights together, as torch.func.functional_call', () => {
    const r = py().r;
    torch.manualSeed(0);
    const m = new Tied();
    const x = torch.randn(3, 2);
    const w = torch.eye(2).mul(2);
    const fc = nn.utils.stateless.functionalCall;
    expectClose(fc(m, { 'a.weight': w }, [x]), r.tied, 1e-6);
    expectClose(fc(m, new Map([['a.weight', w]]), [x], { tieWeights: false }), r.untied, 1e-6);
    expectClose(fc(m, [{ 'a.weight': w }, { scale: torch.tensor([3.0]) }], [x], { kwargs: { power: 2 } }), r.kwargs, 1e-5);
    expectClose(m(x), r.unchanged, 1e-6);
    expect(m.a.weight).toBe(m.b.weight);
    expect(m.namedParameters({ removeDuplicate: false }).map(([n]) => n)).toEqual(['a.weight', 'b.weight']);
    expect(() => fc(m, { 'a.weight': w, 'b.weight': w.mul(2) }, [x])).toThrow(r.tiedConflict);
    expect(() => fc(m, { 'a.weight': w, nope: w }, [x], { strict: true })).toThrow(r.strict);
    expect(() => fc(m, [{ 'a.weight': w }, { 'a.weight': w }], [x])).toThrow(r.dup);
    expect(() => fc(m, { 'a.weight': 3 as never }, [x])).toThrow(/must be a Tensor/);
    expect(() => fc(m, {}, [x], { bogus: 1 } as never)).toThrow(/unknown option 'bogus'/);
  });

  it('gradients reach the given tensors; buffers given are updated in place', () => {
    const r = py().r;
    torch.manualSeed(0);
    const m = new Tied();
    const x = torch.randn(3, 2);
    const p = { 'a.weight': torch.eye(2).mul(2).requiresGrad_() };
    (nn.utils.stateless.functionalCall(m, p, x) as Tensor).sum().backward();
    expectClose(p['a.weight'].grad, r.grad, 1e-5);
    expect(m.a.weight.grad === null).toBe(r.moduleGrad);
    const bn = new nn.BatchNorm1d(2);
    const rm = torch.zeros(2);
    nn.utils.stateless.functionalCall(bn, { running_mean: rm }, [x]);
    expectClose(rm, r.runningMean, 1e-6);
    expectClose(bn.running_mean, r.bnOwn, 0);
  });
});
