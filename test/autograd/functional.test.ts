// torch.autograd.functional (jacobian, hessian, vjp, jvp, hvp, vhp) with createGraph, strict and
// vectorize, against live PyTorch (test/oracles/autograd/functional.py).
import { describe, it, expect } from 'vitest';
import * as torch from '../../lib/index.js';
import { Tensor } from '../../lib/index.js';
import { oracle } from '../helpers/python.js';

const AF = torch.autograd.functional;
type Nested = number | Nested[];
type Results = Record<string, Nested | string | boolean>;
const py = (() => { let r: Results | undefined; return (): Results => (r ??= oracle<Results>('autograd/functional', 'all_six')); })();

function lists(v: unknown): Nested {
  if (v instanceof Tensor) return v.tolist() as Nested;
  if (Array.isArray(v)) return v.map(lists);
  return v as number;
}

function expectClose(got: unknown, want: unknown, tol = 1e-5): void {
  const g = [lists(got)].flat(Infinity as 1) as number[];
  const w = [want].flat(Infinity as 1) as number[];
  expect(g.length).toBe(w.length);
  w.forEach((v, i) => expect(Math.abs(g[i] - v)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(v))));
}

const f = (x: Tensor, y: Tensor): Tensor[] => [x.sin().mul(y).cumsum(0), x.mul(y.exp()).sum()];
const s = (x: Tensor, y: Tensor): Tensor => x.pow(3).mul(y).sum().add(x.mul(y).sin().sum());
const X = () => torch.tensor([0.3, -0.7, 1.1]);
const Y = () => torch.tensor([2.0, 0.5, -1.0]);
const V = () => torch.tensor([1.0, -2.0, 0.5]);

describe('autograd.functional', () => {
  it('jacobian and hessian, looped and vectorized, reverse and forward mode', () => {
    const want = py();
    for (const vectorize of [false, true]) {
      expectClose(AF.jacobian(f, [X(), Y()], { vectorize }), want[`jac_${vectorize ? "True" : "False"}`]);
      expectClose(AF.hessian(s, [X(), Y()], { vectorize }), want[`hess_${vectorize ? "True" : "False"}`], 1e-4);
    }
    expectClose(AF.jacobian(f, [X(), Y()], { vectorize: true, strategy: 'forward-mode' }), want.jac_fwd);
    expectClose(AF.hessian(s, [X(), Y()], { vectorize: true, outerJacobianStrategy: 'forward-mode' }), want.hess_fwd, 1e-4);
    const single = AF.jacobian((a) => a.exp().mul(a.sum()), X()) as Tensor;
    expect(single.shape).toEqual([3, 3]);
    expectClose(single, want.jac_single);
  });

  it('vjp, jvp, hvp, vhp', () => {
    const want = py();
    expectClose(AF.vjp(f, [X(), Y()], [V(), torch.tensor(2.0)]), want.vjp);
    expectClose(AF.jvp(f, [X(), Y()], [V(), V().flip(0)]), want.jvp);
    expectClose(AF.hvp(s, [X(), Y()], [V(), V()]), want.hvp, 1e-4);
    expectClose(AF.vhp(s, [X(), Y()], [V(), V()]), want.vhp, 1e-4);
  });

  it('createGraph gives differentiable results', () => {
    const want = py();
    const xs = X().requiresGrad_();
    const [, g] = AF.vjp((a) => a.pow(3).sum(), xs, null, { createGraph: true }) as [Tensor, Tensor];
    expect(g.requiresGrad).toBe(want.vjp_cg_requires_grad);
    expectClose(torch.autograd.grad(g.sum(), [xs])[0], want.vjp_cg_second);
    const j = AF.jacobian((a) => a.pow(3), xs, { createGraph: true, vectorize: true }) as Tensor;
    expectClose(torch.autograd.grad(j.sum(), [xs])[0], want.jac_cg_second);
    const [, hv] = AF.hvp((a) => a.pow(4).sum(), xs, V(), { createGraph: true }) as [Tensor, Tensor];
    expectClose(torch.autograd.grad(hv.sum(), [xs])[0], want.hvp_cg_second, 1e-4);
    // Without createGraph, results are detached.
    const [, g2] = AF.vjp((a) => a.pow(3).sum(), xs) as [Tensor, Tensor];
    expect(g2.requiresGrad).toBe(false);
  });

  it("strict mode, zeros for unused inputs, and PyTorch's errors", () => {
    const want = py();
    expectClose(AF.jacobian((a) => a.mul(2), [X(), Y()]), want.strict_zero_jac);
    expect(() => AF.vjp(f, [X(), Y()])).toThrow(want.msg_v_none as string);
    expect(() => AF.vjp(f, [X(), Y()], [V()])).toThrow(want.msg_v_len as string);
    expect(() => AF.jvp(f, [X(), Y()], [V(), torch.ones(2)])).toThrow(want.msg_v_size as string);
    expect(() => AF.jacobian((a) => a.mul(2), [X(), Y()], { strict: true })).toThrow(want.msg_strict as string);
    expect(() => AF.hessian((a) => a.mul(2), X())).toThrow(want.msg_hess_single as string);
    expect(() => AF.jacobian(f, [X(), Y()], { strategy: 'forward-mode' })).toThrow(want.msg_fwd_loop as string);
    expect(() => AF.jacobian(f, [X(), 3 as unknown as Tensor])).toThrow((want.msg_input_type as string).split(' has type')[0]);
  });
});
