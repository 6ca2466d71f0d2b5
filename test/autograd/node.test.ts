// Autograd graph nodes (tensor.gradFn): nextFunctions, names, metadata, node hooks (post and pre),
// on both thread paths of the engine. Expected values from Python PyTorch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../lib/index.js';
import { autograd, Tensor, type AutogradNode } from '../../lib/index.js';
import { RemovableHandle } from '../../lib/utils/hooks.js';
import { oracleBatch } from '../helpers/python.js';

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
}>({
  graph: ['autograd/node', 'graph'],
  hooks: ['autograd/node', 'hooks'],
  metadata: ['autograd/node', 'metadata'],
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
