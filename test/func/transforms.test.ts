// torch.func's grad transforms against live PyTorch (test/oracles/func/transforms.py): per-sample
// gradients of an MLP with vmap(grad) against a loop and Python's torch.func, jacrev/jacfwd against
// autograd.functional.jacobian, hessian, vjp/jvp, and model ensembling with stackModuleState.
import { describe, it, expect } from 'vitest';
import * as torch from '../../lib/index.js';
import { nn, Tensor } from '../../lib/index.js';
import { oracleBatch } from '../helpers/python.js';

const { vmap, grad, gradAndValue, jacrev, jacfwd, hessian, vjp, jvp, functionalCall, stackModuleState } = torch.func;

type Lists = Record<string, number[] | number[][]>;
const py = oracleBatch<{
  perSample: { params: Lists; x: number[][]; t: number[]; grads: Record<string, number[][] | number[][][]>; losses: number[] };
  jac: { jacrev: number[][][]; jacfwd: number[][][]; functional: number[][][]; jacrev_chunk: number[][]; hessian: number[][]; jaux: number[][]; aux: number };
  vjpJvp: { out: number[]; gx: number[]; gy: number[]; p: number[]; t: number[] };
  losses: Record<string, number[][][] | number[][] | number[]>;
  aux: { gx: number[]; gy: number[]; aux: number; vjp_g: number[]; vjp_aux: number; jvp_t: number[]; jvp_aux: number[]; gb: number[];
    msg_unique: string; msg_empty: string; msg_aux: string };
  ensemble: { states: Lists[]; x: number[][]; out: number[][][]; loop_equal: boolean; param_keys: string[]; buffer_keys: string[]; requires_grad: boolean[] };
}>({
  perSample: ['func/transforms', 'per_sample_grads'],
  jac: ['func/transforms', 'jacobians'],
  vjpJvp: ['func/transforms', 'vjp_jvp'],
  ensemble: ['func/transforms', 'ensemble'],
  losses: ['func/transforms', 'loss_decompositions'],
  aux: ['func/transforms', 'aux_and_argnums'],
});

function expectClose(got: unknown, want: unknown, tol = 1e-5): void {
  const g = [got].flat(Infinity as 1) as number[];
  const w = [want].flat(Infinity as 1) as number[];
  expect(g.length).toBe(w.length);
  w.forEach((v, i) => expect(Math.abs(g[i] - v)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(v))));
}

function mlp(): nn.Sequential {
  return new nn.Sequential(new nn.Linear(4, 8), new nn.Tanh(), new nn.Linear(8, 3));
}

const f2 = (x: Tensor, y: Tensor): Tensor =>
  torch.stack([x.mul(y).sum(), x.sin().prod().add(y.select(0, 0)), x.exp().mul(y.square()).sum()]);

describe('func grad transforms', () => {
  it('per-sample gradients: vmap(grad(loss)) equals a loop and PyTorch', () => {
    const want = py().perSample;
    const model = mlp();
    const params: Record<string, Tensor> = {};
    for (const [k, v] of Object.entries(want.params)) params[k] = torch.tensor(v);
    const x = torch.tensor(want.x);
    const t = torch.tensor(want.t, { dtype: torch.int64 });
    const loss = (p: Record<string, Tensor>, xi: Tensor, ti: Tensor): Tensor =>
      nn.functional.crossEntropy(functionalCall(model, p, [xi.unsqueeze(0)]) as Tensor, ti.unsqueeze(0));
    const grads = vmap(grad(loss), { inDims: [null, 0, 0] })(params, x, t) as Record<string, Tensor>;
    for (const k of Object.keys(want.grads)) expectClose(grads[k].tolist(), want.grads[k]);
    const [, losses] = vmap(gradAndValue(loss), { inDims: [null, 0, 0] })(params, x, t) as [unknown, Tensor];
    expectClose(losses.tolist(), want.losses);
    // The loop: one backward per sample.
    for (let i = 0; i < 6; ++i) {
      const leaves = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, v.detach().requiresGrad_()]));
      const l = loss(leaves, x.select(0, i), t.select(0, i));
      const gs = torch.autograd.grad(l, Object.values(leaves));
      Object.keys(leaves).forEach((k, j) => expectClose(gs[j]!.tolist(), grads[k].select(0, i).tolist()));
    }
  });

  it('jacrev and jacfwd equal autograd.functional.jacobian and PyTorch; hessian; hasAux; chunkSize', () => {
    const want = py().jac;
    const x = torch.tensor([0.3, -0.7, 1.1]);
    const y = torch.tensor([2.0, 0.5, -1.0]);
    const jr = jacrev(f2, { argnums: [0, 1] })(x, y) as Tensor[];
    const jf = jacfwd(f2, { argnums: [0, 1] })(x, y) as Tensor[];
    const ja = torch.autograd.functional.jacobian(f2, [x, y]) as Tensor[];
    expectClose(jr.map((j) => j.tolist()), want.jacrev);
    expectClose(jf.map((j) => j.tolist()), want.jacfwd);
    expectClose(ja.map((j) => j.tolist()), want.functional);
    expectClose(jr.map((j) => j.tolist()), ja.map((j) => j.tolist()));
    expectClose((jacrev(f2, { argnums: 1, chunkSize: 2 })(x, y) as Tensor).tolist(), want.jacrev_chunk);
    expectClose((jacrev(f2, { argnums: 1, chunkSize: 1 })(x, y) as Tensor).tolist(), want.jacrev_chunk);
    expectClose((hessian((a: Tensor) => a.pow(3).mul(a.roll(1)).sum())(x) as Tensor).tolist(), want.hessian, 1e-4);
    const [jaux, aux] = jacrev((a: Tensor) => [a.sin(), { sum: a.sum() }], { hasAux: true })(x) as [Tensor, { sum: Tensor }];
    expectClose(jaux.tolist(), want.jaux);
    expectClose(aux.sum.item(), want.aux);
  });

  it('vjp and jvp as PyTorch', () => {
    const want = py().vjpJvp;
    const x = torch.tensor([0.3, -0.7, 1.1]);
    const y = torch.tensor([2.0, 0.5, -1.0]);
    const [out, vjpFn] = vjp(f2, x, y) as [Tensor, (c: Tensor) => Tensor[]];
    expectClose(out.tolist(), want.out);
    const [gx, gy] = vjpFn(torch.tensor([1.0, -2.0, 0.5]));
    expectClose(gx.tolist(), want.gx);
    expectClose(gy.tolist(), want.gy);
    const [p, t] = jvp(f2, [x, y], [torch.ones(3), torch.zeros(3)]) as Tensor[];
    expectClose(p.tolist(), want.p);
    expectClose(t.tolist(), want.t);
    // A grad of a grad (the second derivative of sin) composes.
    const d2 = grad(grad((a: Tensor) => a.sin()) as (a: Tensor) => Tensor)(torch.tensor(0.5)) as Tensor;
    expect(d2.item()).toBeCloseTo(-Math.sin(0.5), 6);
  });

  it('model ensembling: vmap over stackModuleState equals the loop and PyTorch', () => {
    const want = py().ensemble;
    const models = want.states.map((s) => {
      const m = new nn.Sequential(new nn.Linear(3, 5), new nn.BatchNorm1d(5), new nn.Tanh(), new nn.Linear(5, 2));
      m.loadStateDict(Object.fromEntries(Object.entries(s).map(([k, v]) => [k, torch.tensor(v, k.endsWith('num_batches_tracked') ? { dtype: torch.int64 } : {})])));
      return m.eval();
    });
    const x = torch.tensor(want.x);
    const [params, buffers] = stackModuleState(models);
    expect(Object.keys(params)).toEqual(want.param_keys);
    expect(Object.keys(buffers)).toEqual(want.buffer_keys);
    expect(Object.values(params).map((p) => p.requiresGrad)).toEqual(want.requires_grad);
    const base = models[0];
    const run = (p: Record<string, Tensor>, b: Record<string, Tensor>, xb: Tensor) => functionalCall(base, [p, b], [xb]) as Tensor;
    const out = vmap(run, { inDims: [0, 0, null] })(params, buffers, x);
    expectClose(out.tolist(), want.out);
    expectClose(out.tolist(), torch.stack(models.map((m) => m.forward(x) as Tensor)).tolist());
    expect(() => stackModuleState([])).toThrow('stack_module_state: Expected at least one model, got 0.');
    expect(() => stackModuleState([models[0], models[1].train()])).toThrow('stack_module_state: Expected all models to have the same training/eval mode.');
  });

  it('vmap batches crossEntropy (weights, ignoreIndex, each reduction) and mseLoss gradients as PyTorch', () => {
    const want = py().losses;
    const logits = torch.tensor(want.logits as number[][][]);
    const target = torch.tensor(want.target as number[][], { dtype: torch.int64 });
    const weight = torch.tensor(want.weight as number[]);
    for (const reduction of ['mean', 'sum', 'none'] as const) {
      const ce = (lg: Tensor, tg: Tensor): Tensor => nn.functional.crossEntropy(lg, tg, { weight, ignoreIndex: -100, reduction }).sum();
      expectClose(vmap(ce)(logits, target).tolist(), want[`ce_${reduction}`]);
      expectClose((vmap(grad(ce))(logits, target) as Tensor).tolist(), want[`ce_grad_${reduction}`]);
    }
    const mse = (p: Tensor, g: Tensor): Tensor => nn.functional.mseLoss(p, g);
    expectClose((vmap(grad(mse))(torch.tensor(want.pred as number[][]), torch.tensor(want.goal as number[][])) as Tensor).tolist(), want.mse_grad);
  });

  it('hasAux and argnums in grad, vjp and jvp as PyTorch', () => {
    const want = py().aux;
    const x = torch.tensor([0.3, -0.7, 1.1]);
    const y = torch.tensor([2.0, 0.5, -1.0]);
    const f = (a: Tensor, b: Tensor): [Tensor, { double: Tensor }] => {
      const out = a.sin().mul(b).sum();
      return [out, { double: out.mul(2) }];
    };
    const [[gx, gy], aux] = grad(f, { argnums: [0, 1], hasAux: true })(x, y) as [Tensor[], { double: Tensor }];
    expectClose(gx.tolist(), want.gx);
    expectClose(gy.tolist(), want.gy);
    expectClose(aux.double.item(), want.aux);
    const [, vjpFn, aux2] = vjp((a: Tensor) => [a.exp(), a.sum()], x, { hasAux: true }) as [Tensor, (c: Tensor) => Tensor[], Tensor];
    expectClose(vjpFn(torch.ones(3))[0].tolist(), want.vjp_g);
    expectClose(aux2.item(), want.vjp_aux);
    const [, t, aux3] = jvp((a: Tensor) => [a.exp(), a.cos()], [x], [torch.ones(3)], { hasAux: true }) as Tensor[];
    expectClose(t.tolist(), want.jvp_t);
    expectClose(aux3.tolist(), want.jvp_aux);
    expectClose((grad((a: Tensor, b: Tensor) => a.mul(b).sum(), { argnums: -1 })(x, y) as Tensor).tolist(), want.gb);
    expect(() => grad((a: Tensor, _b: Tensor) => a.sum(), { argnums: [0, 0] })(x, y)).toThrow(want.msg_unique);
    expect(() => grad((a: Tensor, _b: Tensor) => a.sum(), { argnums: [] })(x, y)).toThrow(want.msg_empty);
    expect(() => grad((a: Tensor) => a.sum(), { hasAux: true })(x)).toThrow(want.msg_aux);
  });
});
