// torch.autograd.graph: savedTensorsHooks, saveOnCpu, disableSavedTensorsHooks and
// registerMultiGradHook, against live PyTorch (test/oracles/autograd/graph.py).
import { describe, it, expect } from 'vitest';
import * as torch from '../../lib/index.js';
import { autograd, Tensor } from '../../lib/index.js';
import { native } from '../../lib/binding.js';
import { oracleBatch } from '../helpers/python.js';

const graph = autograd.graph;

const py = oracleBatch<{
  saved: { packed: number[][]; grad: number[]; nesting: string[]; grad_exp: number[]; save_on_cpu: [number[], number[][]];
    unpack_type: string; disabled: string; bad_mode: string };
  multi: { all: (number[] | null)[][]; any: number[][] };
  identity: Record<string, Record<string, boolean[]> | number[]>;
}>({
  identity: ['autograd/graph', 'pack_identity'],
  saved: ['autograd/graph', 'saved_hooks'],
  multi: ['autograd/graph', 'multi_grad'],
});

describe('savedTensorsHooks', () => {
  it('packs each saved tensor and unpacks it for backward, as PyTorch (callback form)', () => {
    const want = py().saved;
    const x = torch.tensor([1, 2, 3], { requiresGrad: true });
    const packed: number[][] = [];
    const y = graph.savedTensorsHooks((t) => { packed.push(t.tolist() as number[]); return t.mul(2); }, (t) => t,
      () => x.pow(2).sum());
    y.backward();
    expect(packed).toEqual(want.packed);
    expect(x.grad!.tolist()).toEqual(want.grad);
  });

  it('nests (the innermost pair applies) in the using form', () => {
    const want = py().saved;
    const x = torch.tensor([1, 2, 3], { requiresGrad: true });
    const calls: string[] = [];
    let z: Tensor;
    {
      using _outer = graph.savedTensorsHooks((t) => { calls.push('outer'); return t; }, (t) => t);
      using _inner = graph.savedTensorsHooks((t) => { calls.push('inner'); return t; }, (t) => t);
      z = x.exp().sum();
    }
    z.backward();
    expect(calls).toEqual(want.nesting);
    expect(x.grad!.tolist()).toEqual(want.grad_exp.map((v) => expect.closeTo(v, 5)));
    // outside the scopes nothing is packed
    x.mul(x).sum().backward();
    expect(calls).toEqual(want.nesting);
  });

  it('pack receives the saved tensor\'s own object: an input\'s, or the object the call returns', () => {
    class Times3 extends autograd.Function {
      static forward(ctx: autograd.FunctionCtx, i: Tensor): Tensor {
        const o = i.mul(3);
        ctx.saveForBackward(i, o);
        return o;
      }
      static backward(_ctx: autograd.FunctionCtx, g: Tensor): Tensor { return g.mul(3); }
    }
    const x = torch.tensor([0.5, -1.0, 2.0], { requiresGrad: true });
    const seen: Tensor[] = [];
    const got: Record<string, Record<string, boolean[]> | number[]> = {};
    const take = (name: string, objects: Record<string, Tensor>): void => {
      got[name] = Object.fromEntries(Object.entries(objects).map(([k, v]) => [k, seen.map((t) => t === v)]));
      seen.length = 0;
    };
    const loss = graph.savedTensorsHooks((t) => { seen.push(t); return t; }, (t) => t, () => {
      const y = x.mul(x); take('mul', { x });
      const z = x.exp(); take('exp', { x, result: z });
      const s = x.sigmoid(); take('sigmoid', { result: s });
      const a = x.mul(2); const b = a.pow(2); take('pow', { a, result: b });
      const o = Times3.apply(x) as Tensor; take('custom', { x, result: o });
      const m = x.view(1, 3).max(1); take('max', { indices: m.indices, values: m.values });
      const c = torch.cat([x, a]).mul(x.repeat(2)); take('cat_mul', {});
      const idx = torch.tensor([0n, 2n]);
      const g = x.index([idx]); take('index', { idx, x });
      const w = x.clone(); w.indexPut_([idx], b.index(['1:'])); take('index_put', { idx });
      return y.sum().add(z.sum()).add(s.sum()).add(b.sum()).add(o.sum()).add(m.values.sum()).add(c.sum()).add(g.sum()).add(w.sum());
    });
    loss.backward();
    got.grad = x.grad!.tolist() as number[];
    const want = py().identity;
    expect({ ...got, grad: undefined }).toEqual({ ...want, grad: undefined });
    expect(got.grad).toEqual((want.grad as number[]).map((v) => expect.closeTo(v, 5)));
  });

  it('pack runs with any value, unpack receives it; a non-tensor result of unpack is PyTorch\'s TypeError', () => {
    const want = py().saved;
    const x = torch.tensor([1, 2, 3], { requiresGrad: true });
    const store: Tensor[] = [];
    const y = graph.savedTensorsHooks((t) => store.push(t) - 1, (i) => store[i]!, () => x.mul(x).sum());
    y.backward();
    expect(x.grad!.tolist()).toEqual([2, 4, 6]);
    const v = graph.savedTensorsHooks((t) => t, () => 3 as never, () => x.mul(x).sum());
    expect(() => v.backward()).toThrow(want.unpack_type);
  });

  it('a throwing pack or unpack hook is a JS error (the same value), not a crash', () => {
    const x = torch.tensor([1, 2], { requiresGrad: true });
    const boom = new Error('pack failed');
    expect(() => graph.savedTensorsHooks(() => { throw boom; }, (t) => t as Tensor, () => x.mul(x))).toThrow(boom);
    expect(native.savedTensorsHooksDepth()).toBe(0);
    const y = graph.savedTensorsHooks((t) => t, () => { throw new RangeError('unpack failed'); }, () => x.mul(x).sum());
    expect(() => y.backward()).toThrow(RangeError);
    expect(autograd._engineBridgeStats().stashedErrors).toBe(0);
  });

  it('runs the unpack hook on the JS thread when the engine runs on a worker thread', () => {
    autograd._setForceCrossThread(true);
    try {
      const x = torch.tensor([1, 2, 3], { requiresGrad: true });
      let unpacked = 0;
      const y = graph.savedTensorsHooks((t) => t.clone(), (t) => { unpacked++; return t; }, () => x.sin().sum());
      y.backward();
      expect(unpacked).toBe(1);
      expect(x.grad!.tolist()).toEqual([1, 2, 3].map((v) => expect.closeTo(Math.cos(v), 6)));
    } finally {
      autograd._setForceCrossThread(false);
    }
  });
});

describe('saveOnCpu and disableSavedTensorsHooks', () => {
  it('saveOnCpu gives the plain gradients', () => {
    const want = py().saved;
    const x = torch.tensor([1, 2, 3], { requiresGrad: true });
    const w = torch.tensor([[0.5, -1, 2], [1.5, 0.25, -0.75]], { requiresGrad: true });
    const loss = graph.saveOnCpu(() => torch.tanh(w.matmul(x)).sum());
    loss.backward();
    expect(x.grad!.tolist()).toEqual(want.save_on_cpu[0].map((v) => expect.closeTo(v, 6)));
    expect(w.grad!.tolist()).toEqual(want.save_on_cpu[1].map((r) => r.map((v) => expect.closeTo(v, 6))));
    expect(() => graph.saveOnCpu({ pin: true } as never)).toThrow(/unknown option 'pin'/);
  });

  it('disableSavedTensorsHooks refuses hooks with its message, and restores on exit', () => {
    const want = py().saved;
    expect(() => graph.disableSavedTensorsHooks('no hooks here', () => graph.savedTensorsHooks((t) => t, (t) => t as Tensor)))
      .toThrow(want.disabled);
    {
      using _ = graph.savedTensorsHooks((t) => t, (t) => t as Tensor);
      expect(() => graph.disableSavedTensorsHooks('not under hooks')).toThrow('not under hooks');
    }
    // enabled again after the scope
    graph.savedTensorsHooks((t) => t, (t) => t as Tensor, () => 0);
    // nested disables restore the outer message
    graph.disableSavedTensorsHooks('outer', () => {
      graph.disableSavedTensorsHooks('inner', () => undefined);
      expect(() => graph.savedTensorsHooks((t) => t, (t) => t as Tensor, () => 0)).toThrow('outer');
    });
  });
});

describe('registerMultiGradHook', () => {
  it("mode 'all': once per backward with every gradient the backward computes (null for others)", () => {
    const want = py().multi;
    const a = torch.tensor([1, 2], { requiresGrad: true });
    const b = torch.tensor([3, 4], { requiresGrad: true });
    const c = torch.tensor([5, 6], { requiresGrad: true });
    const seen: (number[] | null)[][] = [];
    const h = graph.registerMultiGradHook([a, b, c], (grads) => { seen.push(grads.map((g) => (g === null ? null : g.tolist() as number[]))); });
    a.mul(b).sum().backward();
    a.mul(b).mul(c).sum().backward();
    autograd.backward(b.mul(c).sum(), { inputs: [b] });
    h.remove();
    a.mul(b).sum().backward();
    expect(seen).toEqual(want.all);
  });

  it("mode 'all' gives the same calls when the engine runs on a worker thread (as on CUDA)", () => {
    const want = py().multi;
    autograd._setForceCrossThread(true);
    try {
      const a = torch.tensor([1, 2], { requiresGrad: true });
      const b = torch.tensor([3, 4], { requiresGrad: true });
      const c = torch.tensor([5, 6], { requiresGrad: true });
      const seen: (number[] | null)[][] = [];
      const h = graph.registerMultiGradHook([a, b, c], (grads) => { seen.push(grads.map((g) => (g === null ? null : g.tolist() as number[]))); });
      a.mul(b).sum().backward();
      a.mul(b).mul(c).sum().backward();
      autograd.backward(b.mul(c).sum(), { inputs: [b] });
      h.remove();
      expect(seen).toEqual(want.all);
    } finally {
      autograd._setForceCrossThread(false);
    }
  });

  it("mode 'any': once per backward with the first gradient", () => {
    const want = py().multi;
    const a = torch.tensor([1, 2], { requiresGrad: true });
    const b = torch.tensor([3, 4], { requiresGrad: true });
    const first: number[][] = [];
    const h = graph.registerMultiGradHook([a, b], (g) => { first.push(g.tolist() as number[]); }, { mode: 'any' });
    a.mul(2).add(b.mul(3)).sum().backward();
    b.mul(5).sum().backward();
    h.remove();
    expect(first).toEqual(want.any);
  });

  it('rejects an unknown mode with PyTorch\'s message', () => {
    const want = py().saved;
    const x = torch.tensor([1], { requiresGrad: true });
    expect(() => graph.registerMultiGradHook([x], () => undefined, { mode: 'some' as never })).toThrow(want.bad_mode);
  });
});

