import { describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import type { Tensor } from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import * as optim from '../../../lib/optim/index.js';
import { oracleBatch } from '../../helpers/python.js';

const P = nn.utils.parametrize;

class Symmetric extends nn.Module {
  forward(X: Tensor): Tensor { return X.triu().add(X.triu(1).transpose(0, 1)); }
  rightInverse(A: Tensor): Tensor { return A.triu(); }
}
class Double extends nn.Module {
  forward(X: Tensor): Tensor { return X.mul(2); }
  rightInverse(A: Tensor): Tensor { return A.div(2); }
}
class Sum extends nn.Module {
  forward(A: Tensor, B: Tensor): Tensor { return A.add(B); }
  rightInverse(X: Tensor): Tensor[] { return [X.mul(0.25), X.mul(0.75)]; }
}
class Flat extends nn.Module {
  forward(X: Tensor): Tensor { return X.flatten(); }
}

type L = unknown;
const py = oracleBatch<{ r: {
  repr: string; keys: string[]; params: string[]; modules: string[]; original: L; weight: L; y: L; gradOriginal: L; isParametrized: boolean[];
  chained: L; chainedRepr: string; assignedOriginal: L; assignedWeight: L; removed: [L, boolean, string[], string];
  removedOriginal: boolean; multi: [string[], L, L]; multiLeaveFalse: string; buffer: [string[], L]; errors: Record<string, string>; unsafeShape: number[];
}; t: { keys: string[]; shared: boolean; weight: L; repr: string; c: [string[], L] } }>({
  r: ['nn/utils/parametrize', 'results'], t: ['nn/utils/parametrize', 'transfer'],
});

describe('nn.utils.parametrize', () => {
  it('registerParametrization: keys, names, printing, values and gradients as PyTorch', () => {
    const r = py().r;
    torch.manualSeed(0);
    const m = P.registerParametrization(new nn.Linear(3, 3), 'weight', new Symmetric());
    expect(String(m)).toBe(r.repr);
    expect(Object.keys(m.stateDict())).toEqual(r.keys);
    expect(m.namedParameters().map(([n]) => n)).toEqual(r.params);
    expect(m.namedModules().map(([n]) => n)).toEqual(r.modules);
    expect(m.parametrizations.weight!.original.tolist()).toEqual(r.original);
    expect(m.weight.tolist()).toEqual(r.weight);
    const x = torch.randn(2, 3);
    const y = m(x);
    y.pow(2).sum().backward();
    expect(y.tolist()).toEqual(r.y);
    expect(m.parametrizations.weight!.original.grad!.tolist()).toEqual(r.gradOriginal);
    expect([P.isParametrized(m), P.isParametrized(m, 'weight'), P.isParametrized(m, 'bias'), P.isParametrized(new nn.Linear(1, 1))]).toEqual(r.isParametrized);

    P.registerParametrization(m, 'weight', new Double());
    expect(m.weight.tolist()).toEqual(r.chained);
    expect(String(m)).toBe(r.chainedRepr);
    torch.noGrad(() => { m.weight = torch.arange(9.0).reshape(3, 3) as nn.Parameter; });
    expect(m.parametrizations.weight!.original.tolist()).toEqual(r.assignedOriginal);
    expect(m.weight.tolist()).toEqual(r.assignedWeight);

    const orig = m.parametrizations.weight!.original;
    P.removeParametrizations(m, 'weight');
    expect([m.weight.tolist(), m.weight === orig, Object.keys(m.stateDict()), String(m)]).toEqual(r.removed);
    expect(m.weight).toBeInstanceOf(nn.Parameter);

    const m2 = P.registerParametrization(new nn.Linear(2, 2), 'weight', new Double());
    const before = m2.parametrizations.weight!.original.clone();
    P.removeParametrizations(m2, 'weight', { leaveParametrized: false });
    expect(torch.equal(m2.weight, before)).toBe(r.removedOriginal);
  });

  it('a right inverse giving several tensors, a parametrized buffer, unsafe, errors', () => {
    const r = py().r;
    torch.manualSeed(1);
    const m3 = P.registerParametrization(new nn.Linear(2, 2), 'weight', new Sum());
    const pl = m3.parametrizations.weight! as unknown as Record<string, Tensor>;
    expect([Object.keys(m3.stateDict()), pl.original0!.tolist(), m3.weight.tolist()]).toEqual(r.multi);
    expect(() => P.removeParametrizations(m3, 'weight', false)).toThrow(r.multiLeaveFalse);
    const bn = P.registerParametrization(new nn.BatchNorm1d(2), 'running_var', new Double());
    expect([Object.keys(bn.stateDict()), bn.running_var!.tolist()]).toEqual(r.buffer);
    expect(() => P.registerParametrization(new nn.Linear(2, 2), 'weight', new Flat())).toThrow(r.errors.shape!);
    expect(() => P.registerParametrization(new nn.Linear(2, 2), 'nope', new Double())).toThrow(r.errors.missing!);
    expect(() => P.removeParametrizations(new nn.Linear(2, 2), 'weight')).toThrow(r.errors.notParametrized!);
    const un = P.registerParametrization(new nn.Linear(2, 2), 'weight', new Flat(), { unsafe: true });
    expect(un.weight.shape).toEqual(r.unsafeShape);
    expect(() => P.registerParametrization(new nn.Linear(2, 2), 'weight', new Flat(), { unsafe: 1 } as never)).toThrow(/unsafe must be a boolean/);
  });

  it('cached computes each parametrized tensor once inside the callback', () => {
    let calls = 0;
    class Counting extends nn.Module {
      forward(X: Tensor): Tensor { calls++; return X.mul(1); }
    }
    const m = P.registerParametrization(new nn.Linear(2, 2), 'weight', new Counting());
    calls = 0;
    const out = P.cached(() => { m.weight; m.weight; return P.cached(() => m.weight); });
    expect(calls).toBe(1);
    expect(out.shape).toEqual([2, 2]);
    m.weight; m.weight;
    expect(calls).toBe(3);
    expect(() => P.cached(() => { throw new Error('inside'); })).toThrow('inside');
    m.weight;
    expect(calls).toBe(4); // the failed callback left caching off
  });

  it('a parametrized module deep-copies, trains with an optimizer and keeps the original Parameter', () => {
    torch.manualSeed(2);
    const m = P.registerParametrization(new nn.Linear(3, 3), 'weight', new Symmetric());
    const c = m.deepCopy();
    expect(c.weight.tolist()).toEqual(m.weight.tolist());
    expect(c.parametrizations.weight!.original).not.toBe(m.parametrizations.weight!.original);
    const opt = new optim.SGD(m.parameters(), { lr: 0.1 });
    m(torch.ones(1, 3)).sum().backward();
    opt.step();
    const w = m.weight;
    expect(w.tolist()).toEqual(w.t().tolist()); // still symmetric
  });

  it('transferParametrizationsAndParams shares the originals, as PyTorch', () => {
    const t = py().t;
    torch.manualSeed(3);
    const a = P.registerParametrization(new nn.Linear(3, 3), 'weight', new Symmetric());
    P.registerParametrization(a, 'weight', new Double());
    const b = P.transferParametrizationsAndParams(a, new nn.Linear(3, 3)) as nn.utils.parametrize.ParametrizedModule<nn.Linear>;
    expect(Object.keys(b.stateDict())).toEqual(t.keys);
    expect(b.parametrizations.weight!.original === a.parametrizations.weight!.original).toBe(t.shared);
    expect(b.weight.tolist()).toEqual(t.weight);
    expect(String(b)).toBe(t.repr);
    const c = new nn.Linear(3, 3);
    delete (c as unknown as Record<string, unknown>).weight;
    P.transferParametrizationsAndParams(a, c, 'weight');
    expect([Object.keys(c.stateDict()), c.weight.tolist()]).toEqual(t.c);
  });
});
