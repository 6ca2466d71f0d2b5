// torch.optim.Optimizer, the base class: constructor arguments as Python takes them (the
// hyper-parameters after params positionally in Python's order, by name in an options object, or
// params itself by name), parameter groups, stateDict/loadStateDict, zeroGrad, step with a
// closure, the step and state dict hooks (global ones too), subclassing. Each optimizer's own
// numbers are in its file (sgd.test.ts, adam.test.ts, ...).
import { describe, expect, it } from 'vitest';
import * as torch from '../../lib/torch.js';
import { Tensor } from '../../lib/torch.js';
import * as nn from '../../lib/nn/index.js';
import * as optim from '../../lib/optim/index.js';
import { oracle, oracleBatch } from '../helpers/python.js';

const snakeToCamel = (k: string): string => k.replace(/_([a-z])/g, (_m, ch: string) => ch.toUpperCase());

// test/oracles/optim/optimizer.py, run once when first needed.
const py = oracleBatch<{
  loadStateDictErrors: Record<string, [string, string]>;
  stateDictHooks: {
    first: { calls: string[]; keys: string[] };
    second: string[];
    load: { calls: string[]; callerKeys: string[]; lr: number; momentumBuffer: number[]; second: string[] };
  };
  stepHooks: { calls: string[]; out: number[]; after: number[] };
}>({
  loadStateDictErrors: ['optim/optimizer', 'load_state_dict_errors'],
  stateDictHooks: ['optim/optimizer', 'state_dict_hooks'],
  stepHooks: ['optim/optimizer', 'step_hooks'],
});

type Ctor = new (params: torch.Tensor[], ...args: unknown[]) => optim.Optimizer;

// Every positional parameter each optimizer takes, in Python's order, with non-default values.
const CASES: Record<string, [keyof typeof optim, unknown[]]> = {
  sgd: ['SGD', [0.1, 0.9, 0.1, 0.01, false]],
  adam: ['Adam', [0.01, [0.8, 0.9], 1e-6, 0.1, true]],
  adamw: ['AdamW', [0.01, [0.8, 0.9], 1e-6, 0.1, true]],
  adagrad: ['Adagrad', [0.1, 0.01, 0.1, 0.5, 1e-8]],
  rmsprop: ['RMSprop', [0.1, 0.9, 1e-6, 0.1, 0.5, true]],
  adadelta: ['Adadelta', [0.5, 0.8, 1e-5, 0.1]],
  adamax: ['Adamax', [0.01, [0.8, 0.9], 1e-6, 0.1]],
  nadam: ['NAdam', [0.01, [0.8, 0.9], 1e-6, 0.1, 0.01, true]],
  radam: ['RAdam', [0.01, [0.8, 0.9], 1e-6, 0.1, true]],
  asgd: ['ASGD', [0.1, 1e-3, 0.5, 100, 0.1]],
  rprop: ['Rprop', [0.1, [0.4, 1.1], [1e-5, 10]]],
  sparseAdam: ['SparseAdam', [0.01, [0.8, 0.9], 1e-6, true]],
  lbfgs: ['LBFGS', [0.5, 10, 12, 1e-5, 1e-7, 5, 'strong_wolfe']],
  adafactor: ['Adafactor', [0.1, -0.6, [null, 1e-4], 2, 0.5]],
};

function groupOf(opt: optim.Optimizer): Record<string, unknown> {
  const { params: _params, ...group } = opt.paramGroups[0] as unknown as Record<string, unknown>;
  return group;
}

describe('optimizer constructor arguments', () => {
  it("positional hyper-parameters set the same group options as Python's", () => {
    const py = oracle<Record<string, Record<string, unknown>>>('optim/optimizer', 'positional_groups', CASES);
    expect(Object.keys(py)).toEqual(Object.keys(CASES));
    for (const [name, [cls, values]] of Object.entries(CASES)) {
      const opt = new (optim[cls] as unknown as Ctor)([torch.zeros(2).requiresGrad_()], ...values);
      const group = groupOf(opt);
      // Python's groups also hold the options we do not have (capturable, differentiable, fused, ...).
      const shared = Object.keys(group).filter((key) => key in py[name]!);
      for (const key of shared) expect([name, key, group[key]]).toEqual([name, key, py[name]![key]]);
      expect(shared.length).toBeGreaterThanOrEqual(values.length);
    }
  });

  it('positional, by-name and params-by-name forms are the same optimizer', () => {
    const w = torch.zeros(2).requiresGrad_();
    const a = groupOf(new optim.SGD([w], 0.1, 0.9));
    const b = groupOf(new optim.SGD([w], { lr: 0.1, momentum: 0.9 }));
    const c = groupOf(new optim.SGD({ params: [w], lr: 0.1, momentum: 0.9 }));
    const d = groupOf(new optim.SGD([w], 0.1, { momentum: 0.9 }));
    expect(a).toEqual(b);
    expect(c).toEqual(b);
    expect(d).toEqual(b);
    expect(groupOf(new optim.Adam({ params: [w], lr: 0.5 })).lr).toBe(0.5);
  });

  it('rejects too many positional values, a value given twice and unknown names', () => {
    const w = torch.zeros(2).requiresGrad_();
    expect(() => new (optim.SGD as unknown as Ctor)([w], 0.1, 0.9, 0, 0, false, true)).toThrow(new TypeError('SGD() takes at most 6 positional arguments (7 given)'));
    expect(() => new optim.SGD([w], 0.1, { lr: 0.2 })).toThrow(new TypeError("SGD(): got multiple values for argument 'lr'"));
    // @ts-expect-error unknown option
    expect(() => new optim.Adam({ params: [w], learningRate: 0.1 })).toThrow(/unknown option 'learningRate'/);
    // @ts-expect-error snake_case
    expect(() => new optim.AdamW([w], 0.1, { weight_decay: 0 })).toThrow(/did you mean weightDecay/);
  });
});

describe('optimizer behaviour', () => {
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
    expect((sd.state[0]!.step as Tensor).dtype).toBe('float32');
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

  it("loadStateDict rejects parameter groups of another count or size with PyTorch's errors", () => {
    const errors = py().loadStateDictErrors;
    const a = torch.zeros(2).requiresGrad_();
    const b = torch.zeros(3).requiresGrad_();
    const opt = new optim.SGD([a, b], { lr: 0.1, momentum: 0.9 });
    a.grad = torch.ones(2);
    b.grad = torch.ones(3);
    opt.step();
    const before = opt.stateDict();
    const cases: Record<string, number[][]> = { smaller: [[0]], larger: [[0, 1, 2]], none: [], more: [[0], [1]] };
    for (const [key, groups] of Object.entries(cases)) {
      const [cls, message] = errors[key]!;
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

  it('zeroGrad sets gradients to null by default, or zeros them in place', () => {
    const p = torch.ones(2).requiresGrad_();
    const opt = new optim.SGD([p], { lr: 0.1 });
    p.sum().backward();
    const g = p.grad!;
    opt.zeroGrad({ setToNone: false });
    expect(p.grad).toBe(g);
    expect(g.tolist()).toEqual([0, 0]);
    opt.zeroGrad(false);
    expect(p.grad).toBe(g);
    opt.zeroGrad();
    expect(p.grad).toBeNull();
    expect(() => opt.zeroGrad({ setToNone: 1 } as never)).toThrow(/setToNone/);
  });

  it('zeroGrad({ setToNone: false }) detaches a gradient with a graph in place, as PyTorch (Optimizer and Module)', () => {
    for (const how of ['optimizer', 'module'] as const) {
      const lin = new nn.Linear(2, 1);
      const opt = new optim.SGD(lin.parameters(), { lr: 0.1 });
      lin.forward(torch.ones(1, 2)).pow(2).sum().backward(null, null, true);
      const g = lin.weight.grad!;
      expect(g.gradFn, how).not.toBeNull();
      if (how === 'optimizer') opt.zeroGrad({ setToNone: false });
      else lin.zeroGrad({ setToNone: false });
      // PyTorch's p.grad.detach_() then zero_(): the same tensor object, now a zeroed leaf.
      expect(lin.weight.grad, how).toBe(g);
      expect(g.gradFn, how).toBeNull();
      expect(g.requiresGrad, how).toBe(false);
      expect(g.tolist(), how).toEqual([[0, 0]]);
      // A plain gradient: zeroed in place too.
      lin.forward(torch.ones(1, 2)).sum().backward();
      const h = lin.bias!.grad!;
      if (how === 'optimizer') opt.zeroGrad({ setToNone: false });
      else lin.zeroGrad({ setToNone: false });
      expect(lin.bias!.grad, how).toBe(h);
      expect(h.tolist(), how).toEqual([0]);
    }
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
    expect(opt.paramGroups[2]!.params).toEqual([c]);
    expect(opt.stateDict().paramGroups.map((g) => g.params)).toEqual([[0], [1], [2]]);
    expect(() => opt.addParamGroup({ params: [a] })).toThrow('some parameters appear in more than one parameter group');
    expect(() => opt.addParamGroup({ params: [torch.zeros(1)], lr: -1 })).toThrow(/Invalid learning rate/);
    expect(() => opt.addParamGroup({ params: [torch.zeros(1).requiresGrad_().mul(2)] })).toThrow("can't optimize a non-leaf Tensor");
    const named = new optim.Adam(new Map([['w', a], ['b', b]]), { lr: 0.1 });
    expect(named.paramGroups[0]!.paramNames).toEqual(['w', 'b']);
    expect(() => named.addParamGroup({ params: [c] })).toThrow('all optimizer param groups should be with/without names. cannot add param group without names to the optimizer');
    expect(String(opt)).toContain('Parameter Group 1\n    dampening: 0\n    foreach: None\n    lr: 0.5');
  });

  it('rejects invalid options with errors naming them', () => {
    const p = torch.zeros(2).requiresGrad_();
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

  it('can be subclassed: a custom optimizer implements stepGroup, and its steps run the hooks', () => {
    class SignSGD extends optim.Optimizer<{ lr: number }> {
      constructor(params: optim.Params<{ lr: number }>, lr = 0.01) { super(params, { lr }); }
      protected override stepGroup(group: optim.ParamGroup<{ lr: number }>): void {
        for (const p of group.params) { const g = p.grad; if (g) p.add_(g.sign(), { alpha: -group.lr }); }
      }
    }
    const p = torch.tensor([1, -1, 0]).requiresGrad_();
    const opt = new SignSGD([p], 0.5);
    let hooks = 0;
    opt.registerStepPreHook(() => { hooks++; });
    p.grad = torch.tensor([3, -2, 0]);
    opt.step();
    expect(p.tolist()).toEqual([0.5, -0.5, 0]);
    expect(hooks).toBe(1);
    expect(opt.stateDict().paramGroups).toEqual([{ lr: 0.5, params: [0] }]);
    // A subclass whose step() calls super.step() runs the hooks once per step.
    class Counting extends SignSGD {
      steps = 0;
      override step(): undefined {
        this.steps++;
        return super.step();
      }
    }
    const c = new Counting([p], 0.5);
    c.registerStepPostHook(() => { hooks++; });
    c.step();
    expect([c.steps, hooks]).toEqual([1, 2]);
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

  it('step() keeps no tensor of its own alive: after zeroGrad() the gradients and temporaries are freed at once', () => {
    // Without a collection: an object the step left behind (its read of p.grad, a temporary)
    // would hold its memory until the collector ran.
    const cases: [string, (p: Tensor[]) => optim.Optimizer][] = [];
    for (const foreach of [false, true]) {
      cases.push([`SGD foreach ${foreach}`, (p) => new optim.SGD(p, { lr: 0.1, momentum: 0.9, foreach })]);
      cases.push([`Adam foreach ${foreach}`, (p) => new optim.Adam(p, { lr: 0.1, foreach })]);
      cases.push([`AdamW foreach ${foreach}`, (p) => new optim.AdamW(p, { lr: 0.1, foreach })]);
    }
    cases.push(['Adadelta', (p) => new optim.Adadelta(p)], ['Adagrad', (p) => new optim.Adagrad(p)],
      ['Adamax', (p) => new optim.Adamax(p)], ['ASGD', (p) => new optim.ASGD(p)], ['NAdam', (p) => new optim.NAdam(p)],
      ['RAdam', (p) => new optim.RAdam(p)], ['RMSprop', (p) => new optim.RMSprop(p)], ['Rprop', (p) => new optim.Rprop(p)],
      ['Adafactor', (p) => new optim.Adafactor(p)], ['Muon', (p) => new optim.Muon(p)]);
    for (const [name, make] of cases) {
      const w = torch.randn([64, 64], { requiresGrad: true });
      const opt = make([w]);
      w.square().sum().backward();
      opt.step(); // the first step makes the state
      opt.zeroGrad();
      w.square().sum().backward();
      const before = torch.memory({ collect: true });
      opt.step();
      opt.zeroGrad();
      const after = torch.memory();
      expect([name, after.numTensors - before.numTensors, after.numBytes - before.numBytes]).toEqual([name, 0, 0]);
    }
  });

  it("step() leaves the caller's p.grad object usable", () => {
    const w = torch.ones(3).requiresGrad_();
    const opt = new optim.Adam([w], { lr: 0.1 });
    w.mul(w).sum().backward();
    const g = w.grad!;
    opt.step();
    expect(g.isDisposed).toBe(false);
    expect(g).toBe(w.grad);
    expect(g.tolist()).toEqual([2, 2, 2]);
  });
});

describe('optimizer hooks', () => {
  it("step hooks run as PyTorch's: global pre, own pre, the step, own post, global post", () => {
    const ref = py().stepHooks;
    const calls: string[] = [];
    const p = torch.tensor([1, 2]).requiresGrad_();
    const gpre = optim.optimizer.registerOptimizerStepPreHook((o) => { calls.push(`gpre ${o.constructor.name}`); });
    const gpost = optim.optimizer.registerOptimizerStepPostHook(() => { calls.push('gpost'); });
    const out: number[] = [];
    let after: number[];
    try {
      const opt = new optim.SGD([p], { lr: 0.5 });
      opt.registerStepPreHook((_o, args) => { calls.push(`pre ${args.length}`); });
      opt.registerStepPostHook(() => { calls.push('post'); });
      const closure = (): Tensor => {
        calls.push('closure');
        opt.zeroGrad();
        const loss = p.mul(p).sum();
        loss.backward();
        return loss;
      };
      out.push(opt.step(closure).item());
      // A pre-hook may replace step's arguments (Python's hooks get self first in args; ours do not).
      const closure2 = (): Tensor => { calls.push('closure2'); return torch.tensor(7); };
      const h = opt.registerStepPreHook((_o, _args, kwargs) => [[closure2], kwargs]);
      out.push(opt.step(closure).item());
      h.remove();
      gpre.remove();
      gpost.remove();
      opt.step();
      after = p.tolist() as number[];
      const lb = new optim.LBFGS([p], { maxIter: 1 });
      lb.registerStepPreHook(() => { calls.push('lbfgs pre'); });
      lb.step(closure);
      // A pre-hook returning anything but undefined or a pair is an error, as in PyTorch.
      const other = new optim.SGD([p], { lr: 0.5 });
      const bad = other.registerStepPreHook((() => 3) as never);
      expect(() => other.step()).toThrow(/SGD.step pre-hook must return undefined or a pair \[newArgs, newKwargs\], but got number 3/);
      bad.remove();
    } finally {
      gpre.remove();
      gpost.remove();
    }
    expect(calls).toEqual(ref.calls);
    expect(out).toEqual(ref.out);
    expect(after).toEqual(ref.after);
  });

  it("state dict hooks run in PyTorch's order (prepend), change or replace the state dict, and are removable", () => {
    const ref = py().stateDictHooks;
    const p = torch.zeros(2).requiresGrad_();
    const opt = new optim.SGD([p], { lr: 0.1, momentum: 0.9 });
    p.grad = torch.ones(2);
    opt.step();
    const calls: string[] = [];
    const h1 = opt.registerStateDictPreHook(() => { calls.push('pre1'); });
    opt.registerStateDictPreHook(() => { calls.push('pre0'); }, true);
    opt.registerStateDictPostHook((_o, sd) => { calls.push('post1'); (sd as unknown as Record<string, unknown>).extra = 1; });
    opt.registerStateDictPostHook((_o, sd) => { calls.push('post2'); return { ...sd, replaced: true } as optim.OptimizerStateDict; });
    opt.registerStateDictPostHook((_o, sd) => { calls.push(`post0 ${Object.keys(sd).sort().join(',')}`); }, { prepend: true });
    const sd = opt.stateDict();
    expect({ calls: [...calls], keys: Object.keys(sd).sort() }).toEqual(ref.first);
    h1.remove();
    calls.length = 0;
    opt.stateDict();
    expect(calls).toEqual(ref.second);

    const q = torch.zeros(2).requiresGrad_();
    const opt2 = new optim.SGD([q], { lr: 0.3 });
    const lcalls: string[] = [];
    opt2.registerLoadStateDictPreHook((_o, d) => { lcalls.push(`lpre1 ${Object.keys(d).sort().join(',')}`); delete d.junk; });
    opt2.registerLoadStateDictPreHook((_o, d) => {
      lcalls.push('lpre2');
      return { state: d.state, paramGroups: [{ ...(d.paramGroups as Record<string, unknown>[])[0]!, lr: 0.5 }] };
    });
    opt2.registerLoadStateDictPreHook(() => { lcalls.push('lpre0'); }, true);
    opt2.registerLoadStateDictPostHook((o) => { lcalls.push(`lpost1 ${o.paramGroups[0]!.lr}`); });
    const h = opt2.registerLoadStateDictPostHook(() => { lcalls.push('lpost0'); }, true);
    const fresh = opt.stateDict();
    const given: Record<string, unknown> = { state: fresh.state, paramGroups: fresh.paramGroups, junk: 1 };
    opt2.loadStateDict(given);
    expect({
      calls: [...lcalls], callerKeys: Object.keys(given).sort(), lr: opt2.paramGroups[0]!.lr,
      momentumBuffer: (opt2.state.get(q)!.momentumBuffer as Tensor).tolist(),
    }).toEqual({ ...ref.load, second: undefined, callerKeys: ref.load.callerKeys.map(snakeToCamel) });
    h.remove();
    lcalls.length = 0;
    given.junk = 2;
    opt2.loadStateDict(given);
    expect(lcalls).toEqual(ref.load.second);
    expect(() => opt2.registerStateDictPreHook(3 as never)).toThrow(TypeError);
  });
});
