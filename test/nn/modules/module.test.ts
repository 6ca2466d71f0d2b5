import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import type { Tensor } from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import { oracle, oracleBatch } from '../../helpers/python.js';
import { expectClose } from '../helpers.js';
import { ClassifierBReLU, SoftExponential, siluSequential } from '../../../examples/article_models.js';

// The article's models (examples/article_models.ts): the named Sequential, a classifier and the
// Soft Exponential activation with its trainable Parameter.
const articleSequential = (): nn.Sequential => siluSequential() as nn.Sequential;

// A model using every layer type, for the printed tree and the state dict keys.
class Block extends nn.Module {
  conv = new nn.Conv2d(8, 8, 3, { padding: 'same', bias: false });
  bn = new nn.BatchNorm2d(8);
  act = new nn.ReLU({ inplace: true });
  forward(x: Tensor): Tensor { return this.act(this.bn(this.conv(x))); }
}
class Zoo extends nn.Module {
  stem = new nn.Conv2d(3, 8, 5, 2, 2);
  convs = new nn.Conv2d(8, 8, [3, 1], { dilation: 2, groups: 2, paddingMode: 'reflect', padding: 1 });
  c1 = new nn.Conv1d(4, 6, 3);
  blocks = new nn.ModuleList([new Block(), new Block(), new Block()]);
  pools = new nn.ModuleDict({ max: new nn.MaxPool2d(3, 2, 1), avg: new nn.AvgPool2d(2), ada: new nn.AdaptiveAvgPool2d([1, 1]) });
  bn = new nn.BatchNorm2d(16, { momentum: null, affine: false });
  ln = new nn.LayerNorm(10, { eps: 1e-6 });
  emb = new nn.Embedding(10, 3, { paddingIdx: 0, maxNorm: 1.0 });
  acts = new nn.Sequential(new nn.LeakyReLU(0.2), new nn.ELU(), new nn.SELU(), new nn.GELU({ approximate: 'tanh' }),
    new nn.SiLU(), new nn.Mish(), new nn.Sigmoid(), new nn.Tanh(), new nn.Softplus({ beta: 2 }), new nn.Softmax({ dim: -1 }),
    new nn.Hardtanh(-2, 2), new nn.PReLU(), new nn.Identity(), new nn.Softmax());
  losses = new nn.ModuleList([new nn.NLLLoss(), new nn.CrossEntropyLoss({ labelSmoothing: 0.1 }), new nn.MSELoss(), new nn.L1Loss(),
    new nn.BCELoss(), new nn.BCEWithLogitsLoss({ posWeight: torch.ones(3) }), new nn.SmoothL1Loss(), new nn.HuberLoss(), new nn.KLDivLoss({ reduction: 'batchmean' })]);
  flat = new nn.Flatten();
  unflat = new nn.Unflatten(1, [2, 5]);
  drop = new nn.Dropout();
  head = new nn.Linear(16, 4, { bias: false });
  scale = new nn.Parameter(torch.ones(1));
  forward(x: Tensor): Tensor { return x; }
}

interface PyModels {
  seqRepr: string; clfRepr: string; zooRepr: string;
  seqKeys: string[]; zooKeys: string[]; zooParams: string[]; zooBuffers: string[]; zooModules: string[];
  seqModules: string[]; seqChildren: string[]; seqParams: number;
  missing: string; sizeMismatch: string; notStrict: [string[], string[]]; bnOld: string[];
}

let py: PyModels;
beforeAll(() => {
  py = oracle<PyModels>('nn/modules/module', 'models');
});

describe('printing', () => {
  it("prints the article's Sequential as PyTorch does", () => {
    expect(String(articleSequential())).toBe(py.seqRepr);
  });
  it('prints a classifier built from class fields', () => {
    expect(String(new ClassifierBReLU())).toBe(py.clfRepr);
    expect(py.clfRepr).toContain('ClassifierBReLU(\n  (fc1): Linear(in_features=784, out_features=256, bias=True)');
  });
  it('prints every layer type, ModuleList runs and ModuleDict as PyTorch does', () => {
    expect(String(new Zoo())).toBe(py.zooRepr);
  });
});

describe('registration', () => {
  it('registers class fields, Parameters and containers in assignment order with PyTorch names', () => {
    const zoo = new Zoo();
    expect(Object.keys(zoo.stateDict())).toEqual(py.zooKeys);
    expect(zoo.namedParameters().map(([n]) => n)).toEqual(py.zooParams);
    expect(zoo.namedBuffers().map(([n]) => n)).toEqual(py.zooBuffers);
    expect(zoo.namedModules().map(([n]) => n)).toEqual(py.zooModules);
  });

  it('lists a shared module once in namedModules/children but under every name in the state dict', () => {
    const seq = articleSequential();
    expect(Object.keys(seq.stateDict())).toEqual(py.seqKeys);
    expect(seq.namedModules().map(([n]) => n)).toEqual(py.seqModules);
    expect(seq.namedChildren().map(([n]) => n)).toEqual(py.seqChildren);
    expect(seq.parameters().length).toBe(py.seqParams);
    expect(seq.namedModules({ removeDuplicate: false }).length).toBe(py.seqModules.length + 2);
    expect(seq.getSubmodule('bn2')).toBe(seq.at(3));
    expect(seq.getParameter('fc1.bias')).toBe((seq.at(0) as nn.Linear).bias);
    expect(seq.getBuffer('bn2.running_var')).toBe((seq.at(3) as nn.BatchNorm1d).running_var);
    expect(() => seq.getParameter('fc1.nope')).toThrow('Linear has no attribute `nope`');
    expect(() => seq.getSubmodule('fc7')).toThrow('Sequential has no attribute `fc7`');
  });

  it('registers a Parameter assigned in the constructor (the article SoftExponential)', () => {
    const m = new SoftExponential(256, 0.5);
    expect(m.namedParameters().map(([n]) => n)).toEqual(['alpha']);
    expect(m.inFeatures).toBe(256);
    const y = m(torch.zeros(2));
    expect(y.tolist()).toEqual([0.5, 0.5]);
    y.sum().backward();
    expect(m.alpha.grad).not.toBeNull();
  });

  it('registers arrays of modules, explicit buffers and parameters, and follows reassignment', () => {
    class M extends nn.Module {
      layers = [new nn.Linear(2, 2), new nn.Linear(2, 1)];
      w = new nn.Parameter(torch.zeros(1));
      plain = torch.zeros(3); // a plain tensor attribute is not a buffer
      declare maybe: nn.Parameter | null;
      constructor() {
        super();
        this.registerBuffer('steps', torch.zeros(1));
        this.registerBuffer('cache', torch.zeros(1), { persistent: false });
        this.registerParameter('maybe', null);
      }
    }
    const m = new M();
    expect(m.namedParameters().map(([n]) => n)).toEqual(['w', 'layers.0.weight', 'layers.0.bias', 'layers.1.weight', 'layers.1.bias']);
    expect(m.namedBuffers().map(([n]) => n)).toEqual(['steps', 'cache']);
    // PyTorch's order: own parameters, own buffers, then submodules.
    expect(Object.keys(m.stateDict())).toEqual(['w', 'steps', 'layers.0.weight', 'layers.0.bias', 'layers.1.weight', 'layers.1.bias']);
    m.maybe = new nn.Parameter(torch.ones(1));
    m.w = null as unknown as nn.Parameter;
    expect(m.namedParameters().map(([n]) => n).slice(0, 1)).toEqual(['maybe']);
    expect(() => m.registerBuffer('w.x', null)).toThrow(`buffer name can't contain "."`);
    expect(() => m.registerBuffer('plain', null)).toThrow(`attribute 'plain' already exists`);
    expect(() => m.registerParameter('p', torch.zeros(1) as nn.Parameter)).toThrow(TypeError);
    // Arrays of Parameters register like PyTorch's ParameterList: names 'ws.0', 'ws.1'.
    class P extends nn.Module {
      ws = [new nn.Parameter(torch.zeros(2)), new nn.Parameter(torch.ones(1))];
    }
    const p = new P();
    expect(Object.keys(p.stateDict())).toEqual(['ws.0', 'ws.1']);
    const q = new P();
    nn.init.constant_(q.ws[1]!, 5);
    p.loadStateDict(q.stateDict());
    expect(p.ws[1]!.item()).toBe(5);
  });

  it('module instances are callable functions and instances of their classes', () => {
    const clf = new ClassifierBReLU();
    expect(typeof clf).toBe('function');
    expect(clf).toBeInstanceOf(ClassifierBReLU);
    expect(clf).toBeInstanceOf(nn.Module);
    expect(clf.fc1).toBeInstanceOf(nn.Linear);
    const out = clf(torch.randn(3, 1, 28, 28));
    expect(out.shape).toEqual([3, 10]);
    expect(clf.forward(torch.zeros(1, 784)).shape).toEqual([1, 10]);
    class NoForward extends nn.Module {}
    expect(() => (new NoForward() as nn.Module)(torch.zeros(1))).toThrow('Module [NoForward] is missing the required "forward" function');
  });
});

describe('stateDict and loadStateDict', () => {
  it('round-trips values into another model', () => {
    const a = articleSequential();
    const b = articleSequential();
    const w = b.at(0) as nn.Linear;
    const before = w.weight;
    b.loadStateDict(a.stateDict());
    expect(w.weight).toBe(before);
    expect(w.weight.equal((a.at(0) as nn.Linear).weight)).toBe(true);
    expect(w.weight.requiresGrad).toBe(true);
    const sd = a.stateDict();
    expect(sd['fc1.weight']!.requiresGrad).toBe(false);
    expect(a.stateDict({ keepVars: true })['fc1.weight']).toBe((a.at(0) as nn.Linear).weight);
  });

  it("gives PyTorch's missing/unexpected key message", () => {
    const seq = articleSequential();
    const sd = seq.stateDict();
    delete sd['fc2.bias'];
    sd['extra.weight'] = torch.zeros(1);
    sd['bn2.foo'] = torch.zeros(1);
    sd['fc9'] = torch.zeros(1);
    expect(() => seq.loadStateDict(sd)).toThrow(py.missing);
    expect(py.missing).toContain('Missing key(s) in state_dict: "fc2.bias"');
  });

  it("gives PyTorch's size mismatch message", () => {
    const seq = articleSequential();
    const sd = seq.stateDict();
    sd['fc1.weight'] = torch.zeros(4, 2);
    expect(() => seq.loadStateDict(sd)).toThrow(py.sizeMismatch);
  });

  it('reports the keys with strict false, and loads BatchNorm dicts without num_batches_tracked', () => {
    const seq = articleSequential();
    const sd = seq.stateDict();
    delete sd['fc1.bias'];
    sd['zzz'] = torch.zeros(1);
    // PyTorch returns the key lists also with strict=False.
    const r = seq.loadStateDict(sd, { strict: false });
    expect([r.missingKeys, r.unexpectedKeys]).toEqual(py.notStrict);
    const bn = new nn.BatchNorm1d(3);
    const bsd = bn.stateDict();
    delete bsd['num_batches_tracked'];
    expect(Object.keys(bsd)).toEqual(py.bnOld);
    expect(() => bn.loadStateDict(bsd)).not.toThrow();
    const m = new Map(Object.entries(articleSequential().stateDict()));
    expect(() => articleSequential().loadStateDict(m)).not.toThrow();
  });
});

describe('modes, devices and gradients', () => {
  it('train()/eval() propagate and switch Dropout and BatchNorm', () => {
    const seq = articleSequential();
    expect(seq.training).toBe(true);
    seq.eval();
    expect(seq.modules().every((m) => !m.training)).toBe(true);
    const x = torch.randn(8, 784);
    const a = seq(x);
    const b = seq(x);
    expect(a.equal(b)).toBe(true);
    const bn = seq.at(3) as nn.BatchNorm1d;
    expect(bn.num_batches_tracked!.item()).toBe(0);
    seq.train();
    expect(seq.modules().every((m) => m.training)).toBe(true);
    seq(x);
    expect(bn.num_batches_tracked!.item()).toBe(1);
    expect(bn.runningMean!.abs().sum().item()).toBeGreaterThan(0);
  });

  it('to(dtype) converts parameters in place, keeping their identity (optimizer references stay valid)', () => {
    const seq = articleSequential();
    const params = seq.parameters();
    const bn = seq.at(3) as nn.BatchNorm1d;
    const out = seq.to('float64');
    expect(out).toBe(seq);
    expect(seq.parameters()).toEqual(params);
    params.forEach((p, i) => expect(p).toBe(seq.parameters()[i]));
    expect(params.every((p) => p.dtype === 'float64')).toBe(true);
    expect(bn.running_mean!.dtype).toBe('float64');
    expect(bn.num_batches_tracked!.dtype).toBe('int64');
    expect(seq(torch.randn(4, 784, { dtype: 'float64' })).dtype).toBe('float64');
    seq.to({ device: 'cpu', dtype: 'float32' });
    expect(params[0]!.dtype).toBe('float32');
    expect(seq.to('cpu')).toBe(seq);
    expect(() => seq.to('int64')).toThrow('nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=int64');
  });

  it('zeroGrad sets grads to null by default, or zeroes them', () => {
    const fc = new nn.Linear(3, 2);
    fc(torch.ones(1, 3)).sum().backward();
    expect(fc.weight.grad).not.toBeNull();
    fc.zeroGrad({ setToNone: false });
    expect(fc.weight.grad!.abs().sum().item()).toBe(0);
    fc.zeroGrad();
    expect(fc.weight.grad).toBeNull();
  });

  it('apply visits children first, requiresGrad_ freezes', () => {
    const seq = new nn.Sequential(new nn.Linear(2, 2), new nn.Sequential(new nn.Linear(2, 2)));
    const seen: string[] = [];
    seq.apply((m) => { seen.push(m.constructor.name); if (m instanceof nn.Linear) nn.init.zeros_(m.bias!); });
    expect(seen).toEqual(['Linear', 'Linear', 'Sequential', 'Sequential']);
    expect((seq.at(0) as nn.Linear).bias!.abs().sum().item()).toBe(0);
    seq.requiresGrad_(false);
    expect(seq.parameters().every((p) => !p.requiresGrad)).toBe(true);
  });
});

describe('hooks', () => {
  it('pre-hooks replace inputs, hooks replace outputs, handles remove them', () => {
    const fc = new nn.Linear(2, 2);
    nn.init.eye_(fc.weight);
    nn.init.zeros_(fc.bias!);
    const calls: string[] = [];
    const h1 = fc.registerForwardPreHook((m, args) => { calls.push('pre'); return [(args[0] as Tensor).mul(2)]; });
    const h2 = fc.registerForwardHook((m, args, out) => { calls.push('post'); return (out as Tensor).add(1); });
    expect(fc(torch.ones(1, 2)).tolist()).toEqual([[3, 3]]);
    expect(calls).toEqual(['pre', 'post']);
    h1.remove();
    expect(fc(torch.ones(1, 2)).tolist()).toEqual([[2, 2]]);
    h2.remove();
    h2.remove();
    expect(fc(torch.ones(1, 2)).tolist()).toEqual([[1, 1]]);
    const order: number[] = [];
    fc.registerForwardHook(() => { order.push(1); });
    fc.registerForwardHook(() => { order.push(0); }, { prepend: true });
    fc(torch.ones(1, 2));
    expect(order).toEqual([0, 1]);
  });
});

describe('memory scopes', () => {
  it('keeps parameters and buffers of modules built inside torch.tidy()', () => {
    const [fc, bn] = torch.tidy(() => [new nn.Linear(3, 2), new nn.BatchNorm1d(2)] as const);
    const y = bn(fc(torch.randn(4, 3)));
    expect(y.shape).toEqual([4, 2]);
    expect(bn.running_mean!.isDisposed).toBe(false);
    const m = new nn.Linear(2, 2);
    torch.tidy(() => { m.to('float64'); bn.to('float64'); });
    expect(m(torch.ones(1, 2, { dtype: 'float64' })).dtype).toBe('float64');
    expect(bn.running_var!.isDisposed).toBe(false);
  });
});

// ---- backward hooks, state-dict hooks, extra state, setSubmodule, casts ----------------------

type L = unknown;
const pyHooks = oracleBatch<{
  bw: { log: L[]; xGrad: number[][]; wGrad: number[][]; noInputGrad: L[]; removed: string[]; wrongCount: string };
  sd: {
    keys: string[]; extra: { count: number }; log: L[]; postReturn: string; loadLog: L[]; loaded: [number[][], number, string[], string[]];
    missingExtra: string; unexpectedExtra: string; cleared: string[]; setRepr: string; setErrors: Record<string, string>;
    typeDtypes: string[]; bf16Dtypes: string[]; toEmpty: string[];
  };
  acc: Record<'xpu' | 'mtia' | 'ipu', string>;
  nf: { log: L[]; xGrad: number[][]; bGrad: number[]; mix: string };
}>({
  bw: ['nn/modules/module', 'backward_hooks'], sd: ['nn/modules/module', 'state_dict_hooks'], acc: ['nn/modules/module', 'accelerators'],
  nf: ['nn/modules/module', 'non_full_backward_hook'],
});

const lst = (t: Tensor | null): unknown => (t === null ? null : t.tolist());

describe('full backward hooks', () => {
  it('see grad_output and grad_input as PyTorch does, in its order, and may replace them', () => {
    const py = pyHooks().bw;
    class Two extends nn.Module {
      fc = new nn.Linear(3, 2);
      forward(x: Tensor, scale: number, y: Tensor): [Tensor, Tensor] {
        const h = this.fc(x).mul(scale);
        return [h, h.mul(y)];
      }
    }
    torch.manualSeed(0);
    const m = new Two();
    const x = torch.randn([4, 3], { requiresGrad: true });
    const y = torch.randn(4, 2);
    const log: unknown[] = [];
    m.registerFullBackwardPreHook((_m, go) => { log.push(['pre', go.map(lst)]); });
    m.registerFullBackwardPreHook((_m, go) => { log.push(['pre2', go.length]); return [go[0]!.mul(2), go[1]!]; });
    m.registerFullBackwardHook((_m, gi, go) => { log.push(['hook', gi.map(lst), go.map(lst)]); return [gi[0]!.mul(3), null, null]; });
    m.registerFullBackwardHook((_m, gi) => { log.push(['hookFirst', gi.length]); }, { prepend: true });
    const [a, b] = m(x, 0.5, y);
    a.sum().add(b.pow(2).sum()).backward();
    expect(log).toEqual(py.log);
    expect(x.grad!.tolist()).toEqual(py.xGrad);
    expect(m.fc.weight.grad!.tolist()).toEqual(py.wGrad);
  });

  it('fire from the outputs when no input needs a gradient, stop when removed, and check counts', () => {
    const py = pyHooks().bw;
    const log2: unknown[] = [];
    const m2 = new nn.Linear(2, 2);
    m2.registerFullBackwardHook((_m, gi, go) => { log2.push([gi.map(lst), go.map(lst)]); });
    const warn = process.emitWarning;
    process.emitWarning = () => {};
    try {
      m2(torch.ones(1, 2)).sum().backward();
    } finally { process.emitWarning = warn; }
    const log3: string[] = [];
    const h = m2.registerFullBackwardPreHook(() => { log3.push('pre'); });
    m2(torch.ones([1, 2], { requiresGrad: true })).sum().backward();
    h.remove();
    m2(torch.ones([1, 2], { requiresGrad: true })).sum().backward();
    expect(log3).toEqual(py.removed);
    // Gradients of the weights are float round-off away from Python's (same seed not set): compare shapes and the first entry.
    expect(log2.length).toBe(py.noInputGrad.length);
    expect((log2[0] as unknown[])[0]).toEqual((py.noInputGrad[0] as unknown[])[0]);
    expect((log2[0] as unknown[])[1]).toEqual((py.noInputGrad[0] as unknown[])[1]);
    const m3 = new nn.Linear(2, 2);
    m3.registerFullBackwardHook((_m, gi) => [gi[0]!, gi[0]!]);
    expect(() => m3(torch.ones([1, 2], { requiresGrad: true })).sum().backward()).toThrow(py.wrongCount);
    torch.noGrad(() => m3(torch.ones([1, 2], { requiresGrad: true }))); // nothing to hook under noGrad
  });
});

describe('registerBackwardHook (the non-full hook)', () => {
  it("runs on the output's node with that node's gradients, may replace them, and excludes full hooks", () => {
    const py = pyHooks().nf;
    torch.manualSeed(3);
    const m = new nn.Linear(3, 2);
    const x = torch.randn([4, 3], { requiresGrad: true });
    const log: unknown[] = [];
    m.registerBackwardHook((_m, gi, go) => {
      log.push([gi.map((g) => (g === null ? null : g.shape)), go.map(lst)]);
      return gi.map((g) => (g === null ? null : g.mul(2)));
    });
    m(x).pow(2).sum().backward();
    expect(log).toEqual(py.log);
    expectClose(x.grad, py.xGrad, 1e-6);
    expectClose(m.bias!.grad, py.bGrad, 1e-6);
    expect(() => m.registerFullBackwardHook(() => {})).toThrow(py.mix);
    expect(() => new nn.Linear(1, 1).registerFullBackwardPreHook(() => {})).not.toThrow();
  });
});

describe('state dict hooks and extra state', () => {
  class WithExtra extends nn.Module {
    lin = new nn.Linear(2, 2);
    count = 3;
    override getExtraState(): unknown { return { count: this.count }; }
    override setExtraState(state: unknown): void { this.count = (state as { count: number }).count; }
    forward(x: Tensor): Tensor { return this.lin(x); }
  }

  it('stateDict runs pre- and post-hooks per module, saves _extra_state, rejects a returning post-hook', () => {
    const py = pyHooks().sd;
    const log: unknown[] = [];
    const net = new nn.Sequential(new nn.Linear(2, 3), new WithExtra(), new nn.BatchNorm1d(2));
    const inner = net.at(1);
    net.registerStateDictPreHook((m, prefix, keep) => { log.push(['pre', m.constructor.name, prefix, keep]); });
    inner.registerStateDictPreHook((m, prefix, keep) => { log.push(['pre', m.constructor.name, prefix, keep]); });
    net.registerStateDictPostHook((m, sd, prefix) => { log.push(['post', m.constructor.name, prefix, Object.keys(sd)]); delete sd[prefix + '0.bias']; });
    inner.registerStateDictPostHook((m, sd, prefix) => { log.push(['post', m.constructor.name, prefix, Object.keys(sd)]); });
    const sd = net.stateDict({ keepVars: true });
    expect(Object.keys(sd)).toEqual(py.keys);
    expect(sd['1._extra_state']).toEqual(py.extra);
    inner.registerStateDictPostHook((() => ({})) as never);
    expect(() => net.stateDict()).toThrow(py.postReturn);
    expect(log).toEqual(py.log);
  });

  it('loadStateDict runs pre-hooks (which may rename keys) and post-hooks, and restores extra state', () => {
    const py = pyHooks().sd;
    const log: unknown[] = [];
    const m = new WithExtra();
    m.lin.registerLoadStateDictPreHook((mod, sd, prefix, _meta, strict) => {
      log.push(['pre', mod.constructor.name, prefix, [...sd.keys()].sort(), strict]);
      if (sd.has(prefix + 'old_weight')) { sd.set(prefix + 'weight', sd.get(prefix + 'old_weight')); sd.delete(prefix + 'old_weight'); }
    });
    const post = (mod: nn.Module, keys: nn.IncompatibleKeys) => { log.push(['post', mod.constructor.name, [...keys.missingKeys], [...keys.unexpectedKeys]]); };
    m.registerLoadStateDictPostHook(post);
    m.lin.registerLoadStateDictPostHook(post);
    const res = m.loadStateDict(new Map<string, Tensor>([['lin.old_weight', torch.ones(2, 2)], ['lin.bias', torch.zeros(2)], ['_extra_state', { count: 9 } as never]]));
    expect([m.lin.weight.tolist(), m.count, res.missingKeys, res.unexpectedKeys]).toEqual(py.loaded);
    expect(() => m.loadStateDict({ 'lin.weight': torch.ones(2, 2), 'lin.bias': torch.zeros(2) })).toThrow(py.missingExtra);
    expect(log).toEqual(py.loadLog);
    expect(() => new nn.Linear(2, 2).loadStateDict({ weight: torch.ones(2, 2), bias: torch.zeros(2), _extra_state: 1 as never })).toThrow(py.unexpectedExtra);
    const m4 = new nn.Linear(2, 2);
    m4.registerLoadStateDictPostHook((_m, keys) => { keys.missingKeys.length = 0; });
    expect(m4.loadStateDict({ weight: torch.ones(2, 2) }).missingKeys).toEqual(py.cleared);
  });

  it('the base getExtraState is never called for a module that does not override it', () => {
    expect(Object.keys(new nn.Linear(1, 1).stateDict())).toEqual(['weight', 'bias']);
    expect(() => new nn.Linear(1, 1).getExtraState()).toThrow(/should never be called/);
  });
});

describe('setSubmodule, type, bfloat16, toEmpty, shareMemory', () => {
  it('setSubmodule replaces or adds as PyTorch, with its errors', () => {
    const py = pyHooks().sd;
    class A extends nn.Module {
      net_b = new nn.Sequential(new nn.Linear(3, 3), new nn.ReLU());
      flag = 1;
      forward(x: Tensor): Tensor { return x; }
    }
    const a = new A();
    a.setSubmodule('net_b.0', new nn.Linear(3, 1));
    a.setSubmodule('net_b.extra', new nn.Tanh());
    expect(String(a)).toBe(py.setRepr);
    expect(() => a.setSubmodule('net_b.missing', new nn.Tanh(), { strict: true })).toThrow(py.setErrors.strict!);
    expect(() => a.setSubmodule('flag', new nn.Tanh())).toThrow(py.setErrors.notModule!);
    expect(() => a.setSubmodule('', new nn.Tanh())).toThrow(py.setErrors.empty!);
    expect(() => a.setSubmodule('nope.x', new nn.Tanh())).toThrow(py.setErrors.noParent!);
    expect(() => a.setSubmodule('x', 3 as never)).toThrow(TypeError);
  });

  it('type casts every tensor, bfloat16 the floating ones; toEmpty moves without copying', () => {
    const py = pyHooks().sd;
    expect(Object.values(new nn.BatchNorm1d(2).type('float64').stateDict()).map((t) => t.dtype)).toEqual(py.typeDtypes);
    expect(Object.values(new nn.BatchNorm1d(2).bfloat16().stateDict()).map((t) => t.dtype)).toEqual(py.bf16Dtypes);
    const e = new nn.Sequential(new nn.Linear(2, 3, { device: 'meta' }), new nn.Linear(3, 1, { device: 'meta' }));
    e.at(1).toEmpty({ device: 'cpu', recurse: false });
    expect(e.parameters().map((p) => String(p.device))).toEqual(py.toEmpty);
    expect((e.at(1) as nn.Linear).weight.shape).toEqual([1, 3]);
    expect(() => e.toEmpty({ device: 'cpu', bogus: 1 } as never)).toThrow(/unknown option 'bogus'/);
    const m = new nn.Linear(2, 2);
    expect(m.shareMemory()).toBe(m);
  });

  it("xpu, mtia and ipu give PyTorch's CPU-only errors, or the module when it has no tensors", () => {
    const acc = pyHooks().acc;
    for (const d of ['xpu', 'mtia', 'ipu'] as const) {
      expect(() => new nn.Linear(1, 1)[d]()).toThrow(acc[d]);
      const empty = new nn.ReLU();
      expect(empty[d]()).toBe(empty);
    }
  });
});
