import { beforeAll, describe, expect, it } from 'vitest';
// Imports the modules directly (rather than lib/index.js) so these tests do not depend on
// unrelated parts of the package; torch.optim is the same module.
import * as torch from '../../lib/torch.js';
import { Tensor } from '../../lib/torch.js';
import * as optim from '../../lib/optim/index.js';
import { oracleBatch } from '../helpers/python.js';

// Each case: an optimizer class and options (camelCase here, converted to PyTorch's keyword
// names for Python). Python draws the initial parameters and a gradient per step with a fixed
// seed, runs the optimizer, and reports the parameters after every step; we replay the same
// gradients and compare.
interface Case { name: string; cls: string; options: Record<string, unknown>; dtype?: 'float32' | 'float64'; groups?: boolean; steps?: number }

const CASES: Case[] = [
  { name: 'SGD plain', cls: 'SGD', options: { lr: 0.1 } },
  { name: 'SGD momentum+dampening+weightDecay', cls: 'SGD', options: { lr: 0.05, momentum: 0.9, dampening: 0.1, weightDecay: 0.01 } },
  { name: 'SGD nesterov maximize', cls: 'SGD', options: { lr: 0.05, momentum: 0.8, nesterov: true, maximize: true } },
  { name: 'SGD nesterov weightDecay', cls: 'SGD', options: { lr: 0.05, momentum: 0.8, nesterov: true, weightDecay: 0.1 } },
  { name: 'SGD foreach path momentum nesterov weightDecay', cls: 'SGD', options: { lr: 0.05, momentum: 0.8, nesterov: true, weightDecay: 0.1, foreach: true } },
  { name: 'SGD foreach path momentum dampening maximize', cls: 'SGD', options: { lr: 0.05, momentum: 0.9, dampening: 0.1, maximize: true, foreach: true } },
  { name: 'Adam default', cls: 'Adam', options: { lr: 0.003 } },
  { name: 'Adam amsgrad+weightDecay+betas+eps', cls: 'Adam', options: { lr: 0.01, betas: [0.8, 0.99], eps: 1e-6, weightDecay: 0.1, amsgrad: true } },
  { name: 'Adam maximize float64', cls: 'Adam', options: { lr: 0.01, maximize: true }, dtype: 'float64' },
  { name: 'Adam foreach path amsgrad+weightDecay+maximize', cls: 'Adam', options: { lr: 0.01, weightDecay: 0.1, amsgrad: true, maximize: true, foreach: true } },
  { name: 'AdamW foreach path', cls: 'AdamW', options: { lr: 0.01, foreach: true } },
  { name: 'Adam foreach path default options', cls: 'Adam', options: { lr: 0.003, foreach: true } },
  { name: 'Adam maximize+weightDecay', cls: 'Adam', options: { lr: 0.01, weightDecay: 0.1, maximize: true } },
  { name: 'AdamW default', cls: 'AdamW', options: { lr: 0.01 } },
  { name: 'AdamW amsgrad', cls: 'AdamW', options: { lr: 0.01, weightDecay: 0.05, amsgrad: true } },
  { name: 'RMSprop default', cls: 'RMSprop', options: {} },
  { name: 'RMSprop centered momentum weightDecay', cls: 'RMSprop', options: { lr: 0.01, alpha: 0.9, momentum: 0.5, centered: true, weightDecay: 0.01 } },
  { name: 'Adagrad default', cls: 'Adagrad', options: {} },
  { name: 'Adagrad lrDecay weightDecay init maximize', cls: 'Adagrad', options: { lr: 0.1, lrDecay: 0.01, weightDecay: 0.02, initialAccumulatorValue: 0.1, maximize: true } },
  { name: 'Adam two param groups', cls: 'Adam', options: { lr: 0.01 }, groups: true },
];

const STEPS = 6;

// Python's results for this file, computed in one python3 run (test/oracles/optim/optimizers.py).
const oracle = oracleBatch<{
  stepsAfterEach: PyCase[];
  adamRegression: { w: number[]; losses: number[] };
  loadStateDictErrors: Record<string, [string, string]>;
}>({
  stepsAfterEach: ['optim/optimizers', 'steps_after_each', CASES, STEPS],
  adamRegression: ['optim/optimizers', 'adam_regression'],
  loadStateDictErrors: ['optim/optimizers', 'load_state_dict_errors'],
});

interface PyCase { init: number[][]; grads: number[][][]; after: number[][][]; stateKeys: string[][] }

const SHAPES = [[3, 4], [5], [2, 2]];

function makeOptimizer(c: Case, ps: Tensor[]): optim.Optimizer {
  const ctor = (optim as unknown as Record<string, new (p: unknown, o: unknown) => optim.Optimizer>)[c.cls]!;
  if (c.groups) return new ctor([{ params: ps.slice(0, 2) }, { params: ps.slice(2), lr: 0.1 }], c.options);
  return new ctor(ps, c.options);
}

function maxAbsDiff(a: number[], b: number[]): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

const snakeToCamel = (k: string): string => k.replace(/_([a-z])/g, (_m, ch: string) => ch.toUpperCase());

describe('optimizers match PyTorch step by step', () => {
  let py: PyCase[];
  beforeAll(() => {
    py = oracle().stepsAfterEach;
  });

  CASES.forEach((c, ci) => {
    it(c.name, () => {
      const ref = py[ci]!;
      const dtype = c.dtype ?? 'float32';
      const ps = ref.init.map((v, i) => torch.tensor(v, { dtype }).reshape(SHAPES[i]!).requiresGrad_());
      const opt = makeOptimizer(c, ps);
      for (let s = 0; s < STEPS; s++) {
        ps.forEach((p, i) => { p.grad = torch.tensor(ref.grads[s]![i]!, { dtype }).reshape(SHAPES[i]!); });
        if (s === 2) ps[1]!.grad = null;
        opt.step();
        ps.forEach((p, i) => {
          const got = p.detach().reshape(-1).tolist() as number[];
          expect(maxAbsDiff(got, ref.after[s]![i]!), `${c.name} step ${s + 1} param ${i}`).toBeLessThanOrEqual(dtype === 'float64' ? 1e-12 : 1e-6);
        });
      }
      ps.forEach((p, i) => {
        const keys = Object.keys(opt.state.get(p) ?? {}).sort();
        expect(keys).toEqual(ref.stateKeys[i]!.map(snakeToCamel).sort());
      });
    });
  });
});

describe('optimizer behaviour', () => {
  it('trains through autograd like PyTorch (Adam on a small regression)', () => {
    const ref = oracle().adamRegression;
    torch.manualSeed(1);
    const x = torch.randn(16, 3);
    const y = torch.randn(16, 1);
    const w = torch.randn(3, 1).requiresGrad_();
    const b = torch.zeros(1).requiresGrad_();
    const opt = new optim.Adam([w, b], { lr: 0.05 });
    const losses: number[] = [];
    for (let i = 0; i < 10; i++) {
      const loss = x.matmul(w).add(b).sub(y).pow(2).mean();
      opt.zeroGrad();
      loss.backward();
      opt.step();
      losses.push(loss.item());
    }
    const got = [...(w.detach().reshape(-1).tolist() as number[]), ...(b.detach().tolist() as number[])];
    expect(maxAbsDiff(got, ref.w)).toBeLessThanOrEqual(1e-6);
    expect(maxAbsDiff(losses, ref.losses)).toBeLessThanOrEqual(1e-6);
  });

  it('stateDict has PyTorch structure and round-trips into a fresh optimizer', () => {
    torch.manualSeed(0);
    const mk = () => [torch.randn(4).requiresGrad_(), torch.randn(2, 2).requiresGrad_()];
    const a = mk();
    const b = a.map((t) => t.detach().clone().requiresGrad_());
    const grads = Array.from({ length: 6 }, () => a.map((t) => torch.randnLike(t)));
    const optA = new optim.Adam([{ params: [a[0]!] }, { params: [a[1]!], lr: 0.1 }], { lr: 0.01, amsgrad: true });
    for (let s = 0; s < 3; s++) { a.forEach((p, i) => { p.grad = grads[s]![i]!; }); optA.step(); }
    const sd = optA.stateDict();
    expect(Object.keys(sd.state)).toEqual(['0', '1']);
    expect(Object.keys(sd.state[0]!).sort()).toEqual(['expAvg', 'expAvgSq', 'maxExpAvgSq', 'step']);
    expect((sd.state[0]!.step as Tensor).item()).toBe(3);
    expect(sd.paramGroups.map((g) => g.params)).toEqual([[0], [1]]);
    expect(sd.paramGroups[1]!.lr).toBe(0.1);
    expect(sd.paramGroups[0]!.betas).toEqual([0.9, 0.999]);

    // A fresh optimizer over copies of the parameters, with the state loaded, continues identically.
    const optB = new optim.Adam([{ params: [b[0]!] }, { params: [b[1]!] }], { lr: 0.5 });
    torch.noGrad(() => { b.forEach((p, i) => p.copy_(a[i]!)); });
    optB.loadStateDict(sd);
    expect(optB.paramGroups[1]!.lr).toBe(0.1);
    expect(optB.paramGroups[0]!.amsgrad).toBe(true);
    expect(optB.paramGroups[0]!.params[0]).toBe(b[0]);
    for (let s = 3; s < 6; s++) {
      a.forEach((p, i) => { p.grad = grads[s]![i]!; });
      b.forEach((p, i) => { p.grad = grads[s]![i]!; });
      optA.step();
      optB.step();
    }
    a.forEach((p, i) => expect(torch.equal(p, b[i]!)).toBe(true));
    // The loaded state is a copy: stepping b did not touch a's saved tensors' identity.
    expect(optB.state.get(b[0]!)!.expAvg).not.toBe(optA.state.get(a[0]!)!.expAvg);
  });

  it('loads a state dict with PyTorch snake_case keys', () => {
    const p = torch.zeros(3).requiresGrad_();
    const opt = new optim.SGD([p], { lr: 0.1, momentum: 0.9 });
    opt.loadStateDict({
      state: { 0: { momentum_buffer: torch.ones(3) } },
      param_groups: [{ lr: 0.2, momentum: 0.9, dampening: 0, weight_decay: 0, nesterov: false, maximize: false, foreach: null, differentiable: false, fused: null, params: [0] }],
    });
    expect(opt.paramGroups[0]!.weightDecay).toBe(0);
    expect(opt.paramGroups[0]!.lr).toBe(0.2);
    p.grad = torch.ones(3);
    opt.step();
    // buf = 0.9 * 1 + 1 = 1.9; p = -0.2 * 1.9
    expect(p.tolist()).toEqual([-0.38, -0.38, -0.38].map((v) => Math.fround(v)));
  });

  it('loadStateDict rejects parameter groups of another count or size with PyTorch\'s errors', () => {
    const py = oracle().loadStateDictErrors;
    const a = torch.zeros(2).requiresGrad_();
    const b = torch.zeros(3).requiresGrad_();
    const opt = new optim.SGD([a, b], { lr: 0.1, momentum: 0.9 });
    a.grad = torch.ones(2);
    b.grad = torch.ones(3);
    opt.step();
    const before = opt.stateDict();
    const cases: Record<string, number[][]> = { smaller: [[0]], larger: [[0, 1, 2]], none: [], more: [[0], [1]] };
    for (const [key, groups] of Object.entries(cases)) {
      const [cls, message] = py[key]!;
      expect(cls, key).toBe('ValueError');
      const paramGroups = groups.map((params) => ({ ...before.paramGroups[0]!, params }));
      // Python's ValueError is a RangeError, with the same message; snake_case dicts get the same.
      expect(() => opt.loadStateDict({ state: {}, paramGroups }), key).toThrow(new RangeError(message));
      expect(() => opt.loadStateDict({ state: {}, param_groups: paramGroups }), key).toThrow(new RangeError(message));
    }
    // Nothing was loaded: the optimizer keeps its groups and momentum buffers.
    expect(opt.paramGroups).toHaveLength(1);
    expect(opt.paramGroups[0]!.params).toEqual([a, b]);
    expect((opt.state.get(b)!.momentumBuffer as Tensor).tolist()).toEqual([1, 1, 1]);
  });

  it('zeroGrad sets gradients to null by default, or zeros', () => {
    const p = torch.ones(2).requiresGrad_();
    const opt = new optim.SGD([p], { lr: 0.1 });
    p.sum().backward();
    opt.zeroGrad({ setToNone: false });
    expect(p.grad!.tolist()).toEqual([0, 0]);
    opt.zeroGrad();
    expect(p.grad).toBeNull();
  });

  it('accepts parameter groups, named parameters and addParamGroup', () => {
    const a = torch.zeros(2).requiresGrad_();
    const b = torch.zeros(2).requiresGrad_();
    const opt = new optim.SGD([{ params: a }, { params: [b], lr: 0.5 }], { lr: 0.1, momentum: 0.9 });
    expect(opt.paramGroups.map((g) => g.lr)).toEqual([0.1, 0.5]);
    expect(opt.paramGroups[1]!.momentum).toBe(0.9);
    const c = torch.zeros(1).requiresGrad_();
    opt.addParamGroup({ params: [c], momentum: 0 });
    expect(opt.paramGroups[2]!.lr).toBe(0.1);
    expect(() => opt.addParamGroup({ params: [a] })).toThrow('some parameters appear in more than one parameter group');
    const named = new optim.Adam(new Map([['w', a], ['b', b]]), { lr: 0.1 });
    expect(named.paramGroups[0]!.paramNames).toEqual(['w', 'b']);
    expect(String(opt)).toContain('Parameter Group 1\n    dampening: 0\n    foreach: None\n    lr: 0.5');
  });

  it('rejects invalid options with errors naming them', () => {
    const p = torch.zeros(2).requiresGrad_();
    expect(() => new optim.Adam([p], { lr: -1 })).toThrow(RangeError);
    expect(() => new optim.Adam([p], { lr: -1 })).toThrow(/Invalid learning rate: -1.*lr/);
    expect(() => new optim.Adam([p], { betas: [1.0, 0.9] })).toThrow(/betas\[0\]/);
    expect(() => new optim.Adam([p], { weight_decay: 0.1 } as never)).toThrow(/unknown option 'weight_decay' \(did you mean weightDecay\?\)/);
    expect(() => new optim.SGD([p], { lr: 'x' } as never)).toThrow(TypeError);
    expect(() => new optim.SGD([p], { nesterov: true })).toThrow(/Nesterov momentum requires a momentum and zero dampening/);
    expect(() => new optim.SGD([], { lr: 0.1 })).toThrow('optimizer got an empty parameter list');
    expect(() => new optim.SGD(p as never, { lr: 0.1 })).toThrow(/iterable of Tensors/);
    expect(() => new optim.SGD([p.mul(2)], { lr: 0.1 })).toThrow("can't optimize a non-leaf Tensor");
  });

  it('step(closure) returns the closure result, computed with grad enabled', () => {
    const p = torch.tensor([1, 2]).requiresGrad_();
    const opt = new optim.SGD([p], { lr: 0.5 });
    const loss = torch.noGrad(() => opt.step(() => {
      opt.zeroGrad();
      const l = p.mul(p).sum();
      l.backward();
      return l;
    }));
    expect(loss.item()).toBe(5);
    expect(p.tolist()).toEqual([0, 0]);
  });

  it('can be subclassed: a custom optimizer implements stepGroup', () => {
    class SignSGD extends optim.Optimizer<{ lr: number }> {
      constructor(params: optim.Params<{ lr: number }>, lr = 0.01) { super(params, { lr }); }
      protected override stepGroup(group: optim.ParamGroup<{ lr: number }>): void {
        for (const p of group.params) { const g = p.grad; if (g) p.add_(g.sign(), { alpha: -group.lr }); }
      }
    }
    const p = torch.tensor([1, -1, 0]).requiresGrad_();
    const opt = new SignSGD([p], 0.5);
    p.grad = torch.tensor([3, -2, 0]);
    opt.step();
    expect(p.tolist()).toEqual([0.5, -0.5, 0]);
    expect(opt.stateDict().paramGroups).toEqual([{ lr: 0.5, params: [0] }]);
  });

  it('runs step hooks until removed', () => {
    const p = torch.zeros(1).requiresGrad_();
    const opt = new optim.SGD([p], { lr: 1 });
    const seen: string[] = [];
    const pre = opt.registerStepPreHook(() => seen.push('pre'));
    opt.registerStepPostHook((o) => seen.push(`post ${o.paramGroups[0]!.lr}`));
    opt.step();
    pre.remove();
    opt.step();
    expect(seen).toEqual(['pre', 'post 1', 'post 1']);
  });

  it('keeps its state alive inside torch.tidy()', () => {
    const p = torch.ones(3).requiresGrad_();
    const opt = new optim.Adam([p], { lr: 0.1 });
    for (let i = 0; i < 3; i++) {
      torch.tidy(() => {
        opt.zeroGrad();
        p.mul(p).sum().backward();
        opt.step();
      });
    }
    expect((opt.state.get(p)!.expAvg as Tensor).isDisposed).toBe(false);
    expect(opt.state.get(p)!.step).toBe(3);
  });
});
