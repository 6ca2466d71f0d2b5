// Autograd graph nodes (tensor.gradFn): nextFunctions, names, metadata, node hooks (post and pre),
// on both thread paths of the engine. Expected values from Python PyTorch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../lib/index.js';
import { autograd, Tensor, type AutogradNode } from '../../lib/index.js';
import { RemovableHandle } from '../../lib/utils/hooks.js';
import { oracleBatch } from '../helpers/python.js';
import { runInChild, type ChildResult } from '../helpers/child.js';

interface NodeDesc { name: string; type: string; next?: [NodeDesc | null, number][]; variable?: number[] }

const py = oracleBatch<{
  graph: { y: NodeDesc; z: NodeDesc; leaf: null };
  hooks: {
    seen: unknown[]; xGrad: number[]; wGrad: number[] | null;
    chain: unknown[]; chainXGrad: number[];
    acc: unknown[]; accXGrad: number[];
    custom: number[][]; customXGrad: number[];
    errors: { count: string; notTuple: string };
  };
  metadata: { initial: object; after: Record<string, unknown>; same: boolean };
  changed: Record<string, string | null>;
}>({
  graph: ['autograd/node', 'graph'],
  hooks: ['autograd/node', 'hooks'],
  metadata: ['autograd/node', 'metadata'],
  changed: ['autograd/node', 'changed_values'],
});

class MyFn extends autograd.Function {
  static forward(_ctx: autograd.FunctionCtx, x: Tensor): Tensor { return x.mul(3); }
  static backward(_ctx: autograd.FunctionCtx, g: Tensor): Tensor { return g.mul(3); }
}

const inputs = (): [Tensor, Tensor, Tensor] => [
  torch.tensor([1.0, 2.0, 3.0], { requiresGrad: true }),
  torch.tensor([0.5, -1.0, 2.0], { requiresGrad: true }),
  torch.tensor([2.0, 2.0, 2.0]),
];
const list = (t: Tensor | null): number[] | null => (t === null ? null : (t.tolist() as number[]));

// The same description test/oracles/autograd/node.py makes: name(), the type name String() shows,
// nextFunctions to depth 6, AccumulateGrad's variable.
function describeNode(fn: AutogradNode | null, depth = 6): NodeDesc | null {
  if (fn === null) return null;
  const d: NodeDesc = { name: fn.name(), type: /^<(\w+) object>$/.exec(String(fn))![1]! };
  if (depth > 0) d.next = fn.nextFunctions.map(([f, nr]) => [describeNode(f, depth - 1), nr]);
  if (fn.variable !== undefined) d.variable = fn.variable.tolist() as number[];
  return d;
}

describe('gradFn', () => {
  it('walks the graph as Python\'s next_functions (names, input numbers, leaves, custom Functions)', () => {
    const [x, w, c] = inputs();
    const y = x.mul(w).sum().add(x.mul(c).exp().mean()).mul(MyFn.apply(w).sum());
    const z = torch.cat([x, w]).view(2, 3).select(0, 1);
    expect(describeNode(y.gradFn)).toEqual(py().graph.y);
    expect(describeNode(z.gradFn)).toEqual(py().graph.z);
    expect(x.gradFn).toBe(py().graph.leaf);
  });

  it('is the same object while reachable, and keeps its metadata with the node', () => {
    const want = py().metadata;
    const [x, w] = inputs();
    const y = x.mul(w);
    expect(y.gradFn === y.gradFn).toBe(want.same);
    expect(y.gradFn!.metadata).toEqual(want.initial);
    y.gradFn!.metadata.step = 3;
    expect(y.gradFn!.metadata).toEqual(want.after);
    // Another path to the same node sees the same metadata.
    const s = y.sum();
    expect(s.gradFn!.nextFunctions[0]![0]!.metadata).toEqual(want.after);
    expect(s.gradFn!.nextFunctions[0]![0]).toBe(y.gradFn);
  });

  it('keeps the metadata when every JS object of the node was collected', async () => {
    const [x, w] = inputs();
    const y = x.mul(w);
    const first = new WeakRef(y.gradFn!);
    first.deref()!.metadata.kept = 'yes';
    // Drop the wrappers and let the collector run; the node lives on (y holds it).
    for (let i = 0; i < 5 && first.deref() !== undefined; i++) {
      await new Promise((r) => setTimeout(r, 0));
      torch.memory({ collect: true });
    }
    expect(first.deref()).toBeUndefined();
    expect(y.gradFn!.metadata).toEqual({ kept: 'yes' });
  });

  it('keeps no graph alive once its objects are unreachable, even in a loop that never yields', () => {
    const [x] = inputs();
    const before = torch.memory({ collect: true }).numTensors;
    // In a function of its own: the interpreter's registers of a live frame keep the last y.
    const loop = (): void => {
      for (let i = 0; i < 20; i++) {
        const y = x.mul(torch.ones(3)).exp();
        expect(y.gradFn!.nextFunctions[0]![0]!.name()).toBe('MulBackward0');
        String(y);  // printing reads gradFn too
      }
    };
    loop();
    expect(torch.memory({ collect: true }).numTensors).toBe(before);
  });

  it('gives AccumulateGrad\'s leaf as variable', () => {
    const [x] = inputs();
    const acc = x.mul(2).gradFn!.nextFunctions[0]![0]!;
    expect(acc.name()).toBe('torch::autograd::AccumulateGrad');
    expect(acc.variable!.tolist()).toEqual(x.tolist());
    x.detach().add_(1);
    expect(acc.variable!.tolist()).toEqual(x.tolist());  // the same storage
    expect(x.mul(2).gradFn!.variable).toBeUndefined();
  });
});

describe.each([['on the JS thread', false], ['through the worker thread (forced)', true]])('node hooks %s', (_label, force) => {
  beforeAll(() => autograd._setForceCrossThread(force));
  afterAll(() => autograd._setForceCrossThread(false));

  it('runs pre- and post-hooks with Python\'s arguments, and their results replace the gradients', () => {
    const want = py().hooks;
    const [x, w] = inputs();
    const m = x.mul(w);
    const seen: unknown[] = [];
    const hp = m.gradFn!.registerPrehook((go) => { seen.push(['pre', go.map(list)]); return [go[0]!.mul(2)]; });
    const hq = m.gradFn!.registerHook((gi, go) => { seen.push(['post', gi.map(list), go.map(list)]); return [gi[0]!.mul(10), null]; });
    expect(hp).toBeInstanceOf(RemovableHandle);
    expect(hq).toBeInstanceOf(RemovableHandle);
    m.sum().backward();
    expect(seen).toEqual(want.seen);
    expect(list(x.grad)).toEqual(want.xGrad);
    expect(list(w.grad)).toEqual(want.wGrad);
  });

  it('chains hooks in order, each seeing the previous result; removed ones are not called', () => {
    const want = py().hooks;
    const [x, w] = inputs();
    const m = x.mul(w);
    const calls: unknown[] = [];
    const h1 = m.gradFn!.registerHook((gi) => { calls.push('first'); return [gi[0]!.add(1), gi[1]!]; });
    m.gradFn!.registerHook((gi) => { calls.push(['second', list(gi[0]!)]); });
    const h3 = m.gradFn!.registerHook(() => { calls.push('third'); });
    h3.remove();
    m.sum().backward();
    expect(calls).toEqual(want.chain);
    expect(list(x.grad)).toEqual(want.chainXGrad);
    h1.remove();
    h1.remove();
  });

  it('hooks AccumulateGrad nodes (no gradInputs; the pre-hook changes what is accumulated)', () => {
    const want = py().hooks;
    const [x, , c] = inputs();
    const acc = x.mul(c).gradFn!.nextFunctions[0]![0]!;
    const got: unknown[] = [];
    acc.registerHook((gi, go) => { got.push([gi.length, go.map(list)]); });
    acc.registerPrehook((go) => [go[0]!.add(100)]);
    x.mul(c).sum().backward();
    expect(got).toEqual(want.acc);
    expect(list(x.grad)).toEqual(want.accXGrad);
  });

  it('hooks a custom Function\'s node, each time its backward runs', () => {
    const want = py().hooks;
    const [x] = inputs();
    const y = MyFn.apply(x);
    const runs: number[][] = [];
    y.gradFn!.registerHook((gi) => { runs.push(list(gi[0]!)!); return [gi[0]!.mul(2)]; });
    y.sum().backward({ retainGraph: true });
    y.sum().backward();
    expect(runs).toEqual(want.custom);
    expect(list(x.grad)).toEqual(want.customXGrad);
  });

  it('refuses results of the wrong length or kind', () => {
    const want = py().hooks.errors;
    let [x, w] = inputs();
    let m = x.mul(w);
    m.gradFn!.registerHook(function wrong_count(gi) { return [gi[0]!]; });
    expect(() => m.sum().backward()).toThrow(want.count);
    [x, w] = inputs();
    m = x.mul(w);
    m.gradFn!.registerHook((() => 3) as unknown as () => null);
    expect(() => m.sum().backward()).toThrow(/^expected an array, but hook returned number 3$/);
    expect(want.notTuple).toBe("expected tuple, but hook returned 'int'");
  });

  it('refuses gradients of another dtype, layout, device or size, and ones in place of null, as PyTorch', () => {
    // The engine takes what a hook returns unchecked: a float64 gradient would become a float32
    // leaf's grad, one of another size reach the next node's kernel.
    const want = py().changed;
    type Post = (gi: (Tensor | null)[], go: (Tensor | null)[]) => (Tensor | null)[];
    type Pre = (go: (Tensor | null)[]) => (Tensor | null)[];
    const post: Record<string, Post> = {
      to_double: function to_double(gi) { return [gi[0]!.double(), gi[1]!]; },
      to_long: function to_long(gi) { return [gi[0]!.long(), gi[1]!]; },
      to_sparse: function to_sparse(gi) { return [gi[0]!.toSparse(), gi[1]!]; },
      to_meta: function to_meta(gi) { return [torch.empty(3, { device: 'meta' }), gi[1]!]; },
      resized: function resized(gi) { return [torch.ones(7), gi[1]!]; },
      fill_none: function fill_none() { return [torch.ones(3), torch.ones(3)]; },
    };
    const pre: Record<string, Pre> = {
      pre_resized: function pre_resized() { return [torch.ones(2, 2)]; },
      pre_double: function pre_double(go) { return [go[0]!.double()]; },
    };
    expect(Object.keys({ ...post, ...pre }).sort()).toEqual(Object.keys(want).sort());
    for (const [name, message] of Object.entries(want)) {
      const [x, w, c] = inputs();
      const m = name === 'fill_none' ? x.mul(c) : x.mul(w);
      if (name in post) m.gradFn!.registerHook(post[name]!);
      else m.gradFn!.registerPrehook(pre[name]!);
      expect(message, name).not.toBeNull();
      expect(() => m.sum().backward(), name).toThrow(message!);
      expect(x.grad, name).toBeNull();
    }
  });

  it('checks a replacement against the engine\'s gradient when the hook disposed the one it was given', () => {
    const [x, w] = inputs();
    const m = x.mul(w);
    m.gradFn!.registerHook((gi) => { const r = gi[0]!.double(); gi[0]!.dispose(); return [r, gi[1]!]; });
    expect(() => m.sum().backward()).toThrow(/^hook '<node hook>' has changed the type of value \(was torch\.FloatTensor got torch\.DoubleTensor\)$/);
    // A replacement of the same kind is taken.
    const [y, v] = inputs();
    const n = y.mul(v);
    n.gradFn!.registerHook((gi) => { const r = gi[0]!.mul(2); gi[0]!.dispose(); return [r, gi[1]!]; });
    n.sum().backward();
    expect(list(y.grad)).toEqual([1, -2, 4]);
  });

  it('reads each returned gradient once (getters and Proxies answering differently)', () => {
    const [x, w] = inputs();
    const m = x.mul(w);
    let reads = 0;
    m.gradFn!.registerHook((gi) => {
      const r: (Tensor | null)[] = [gi[0]!, null];
      Object.defineProperty(r, 1, { get: () => (++reads > 1 ? torch.ones(5) : gi[1]!) });
      return r;
    });
    m.sum().backward();
    expect(reads).toBe(1);
    expect(list(w.grad)).toEqual([1, 2, 3]);
    // A Proxy whose iterator yields more than its length says.
    const [y, v] = inputs();
    const n = y.mul(v);
    n.gradFn!.registerHook((gi) => new Proxy(gi, {
      get: (t, k, r) => (k === Symbol.iterator ? function* () { yield* t; yield torch.ones(3); } : Reflect.get(t, k, r)),
    }));
    n.sum().backward();
    expect(list(y.grad)).toEqual([0.5, -1, 2]);
  });

  it('propagates an exception thrown by a hook', () => {
    const [x, w] = inputs();
    const m = x.mul(w);
    m.gradFn!.registerPrehook(() => { throw new RangeError('from the hook'); });
    expect(() => m.sum().backward()).toThrow('from the hook');
  });
});

describe('node hook arguments', () => {
  it('must be functions', () => {
    const [x, w] = inputs();
    const g = x.mul(w).gradFn!;
    expect(() => g.registerHook(3 as unknown as () => null)).toThrow(TypeError);
    expect(() => g.registerPrehook(null as unknown as () => null)).toThrow(TypeError);
  });
});

// In a child process: these once could take the process down, and a regression should fail one
// test, not the worker. Both thread paths of the engine.
describe('nodes and node hooks at the edges (child process)', () => {
  const code = String.raw`const out = {};
const run = (name, f) => { try { out[name] = ['ok', f()]; } catch (e) { out[name] = ['err', e?.constructor?.name ?? typeof e, String(e?.message ?? e)]; } };
const inputs = () => [torch.tensor([1, 2, 3], { dtype: 'float32', requiresGrad: true }), torch.tensor([0.5, -1, 2], { requiresGrad: true })];
for (const force of [false, true]) {
  torch.autograd._setForceCrossThread(force);
  const p = force ? 'thread:' : 'js:';
  // Nodes of disposed tensors: the node lives as long as its JS object.
  {
    const [x, w] = inputs();
    const m = x.mul(w).exp();
    const g = m.gradFn;
    const acc = g.nextFunctions[0][0].nextFunctions[0][0];
    m.dispose(); x.dispose(); w.dispose();
    globalThis.gc(); globalThis.gc();
    run(p + 'disposed names', () => [g.name(), g.nextFunctions.map(([n, i]) => [n.name(), i]), acc.name()]);
    run(p + 'disposed variable', () => acc.variable.tolist());
    run(p + 'disposed metadata', () => { g.metadata.k = 1; return g.metadata; });
    run(p + 'disposed hook', () => typeof g.registerHook(() => null).remove);
  }
  // After backward freed the graph's saved tensors.
  {
    const [x, w] = inputs();
    const m = x.mul(w).exp();
    const g = m.gradFn;
    m.sum().backward();
    run(p + 'freed next', () => g.nextFunctions.map(([n]) => n.name()));
    run(p + 'freed hooks', () => { g.registerHook((gi) => gi); g.registerPrehook((go) => go); return g.nextFunctions[0][0].nextFunctions.length; });
    run(p + 'freed backward', () => m.sum().backward());
  }
  // Hooks throwing what is not an Error.
  for (const [name, v] of [['number', 42], ['undefined', undefined], ['null', null], ['symbol', Symbol('s')], ['proxy', new Proxy({}, { get() { throw new RangeError('trap'); } })]]) {
    const [x, w] = inputs();
    const m = x.mul(w);
    m.gradFn.registerHook(() => { throw v; });
    let thrown = 'nothing';
    try { m.sum().backward(); } catch (e) { thrown = e === v ? 'same value' : String(e); }
    out[p + 'throw ' + name] = thrown;
  }
  // Hooks returning what is not an array of Tensors.
  for (const [name, f] of [['string', () => 'ab'], ['proto', () => [Object.create(torch.Tensor.prototype), null]], ['fake', (gi) => [{ __proto__: gi[0] }, gi[1]]],
    ['disposed', () => { const t = torch.ones(3); t.dispose(); return [t, t]; }], ['revoked', () => { const r = Proxy.revocable([], {}); r.revoke(); return r.proxy; }],
    ['long', (gi) => Object.assign([gi[0], gi[1]], { length: 2 ** 32 - 1 })]]) {
    const [x, w] = inputs();
    const m = x.mul(w);
    m.gradFn.registerHook(f);
    run(p + 'returns ' + name, () => m.sum().backward());
  }
  // A hook that runs backward itself and one that disposes its node's tensors.
  {
    const [x, w] = inputs();
    const m = x.mul(w);
    const s = m.sum();
    m.gradFn.registerPrehook((go) => { m.dispose(); s.dispose(); x.dispose(); globalThis.gc(); return null; });
    run(p + 'dispose inside', () => { s.backward(); return w.grad.tolist(); });
  }
}
console.log(JSON.stringify(out));
`;
  let r: ChildResult | undefined;
  const got = (): Record<string, unknown> => {
    r ??= runInChild(code, { nodeArgs: ['--expose-gc'], timeoutMs: 120_000 });
    expect(r.signal, r.stderr).toBeNull();
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as Record<string, unknown>;
  };
  const freed = 'Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). ' +
    'Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need ' +
    'to backward through the graph a second time or if you need to access saved tensors after calling backward.';
  const disposed = 'Tensor has been disposed: it cannot be used after dispose() (or outside the torch.tidy() scope that freed it)';

  it.each(['js', 'thread'])('%s: nodes of disposed tensors and of freed graphs keep working, hooks on them included', (p) => {
    const o = got();
    expect(o[`${p}:disposed names`]).toEqual(['ok', ['ExpBackward0', [['MulBackward0', 0]], 'torch::autograd::AccumulateGrad']]);
    expect(o[`${p}:disposed variable`]).toEqual(['ok', [1, 2, 3]]);
    expect(o[`${p}:disposed metadata`]).toEqual(['ok', { k: 1 }]);
    expect(o[`${p}:disposed hook`]).toEqual(['ok', 'function']);
    expect(o[`${p}:freed next`]).toEqual(['ok', ['MulBackward0']]);
    expect(o[`${p}:freed hooks`]).toEqual(['ok', 2]);
    expect(o[`${p}:freed backward`]).toEqual(['err', 'Error', freed]);
    expect(o[`${p}:dispose inside`]).toEqual(['ok', [1, 2, 3]]);
  });

  it.each(['js', 'thread'])('%s: a hook\'s thrown value reaches backward\'s caller as it was thrown', (p) => {
    const o = got();
    for (const v of ['number', 'undefined', 'null', 'symbol', 'proxy']) expect(o[`${p}:throw ${v}`], v).toBe('same value');
  });

  it.each(['js', 'thread'])('%s: hook results that are not arrays of Tensors are errors', (p) => {
    const o = got();
    expect(o[`${p}:returns string`]).toEqual(['err', 'TypeError', 'expected an array, but hook returned "ab"']);
    expect(o[`${p}:returns proto`]).toEqual(['err', 'TypeError', 'a gradient returned by a hook must be a Tensor']);
    expect(o[`${p}:returns fake`]).toEqual(['err', 'TypeError', 'a gradient returned by a hook must be a Tensor']);
    expect(o[`${p}:returns disposed`]).toEqual(['err', 'TypeError', `a gradient returned by a hook: ${disposed}`]);
    expect(o[`${p}:returns revoked`]).toEqual(['err', 'TypeError', "Cannot perform 'IsArray' on a proxy that has been revoked"]);
    expect(o[`${p}:returns long`]).toEqual(['err', 'Error', "hook '<anonymous>' has returned an incorrect number of values (got 4294967295, but expected 2)"]);
  });
});
