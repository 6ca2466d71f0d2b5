// Tensor hooks (x.registerHook(fn)): called with the gradient, may replace it, removable; run on
// both thread paths. Expected values from Python PyTorch.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import * as torch from '../../lib/index.js';
import { autograd, Tensor } from '../../lib/index.js';
import { oracle } from '../helpers/python.js';

interface Oracle {
  seenLeaf: number[]; leafGrad: number[];
  seenInner: number[]; replacedGrad: number[];
  afterRemove: number[];
  noGradMsg: string;
  hookInBackwardOfFunction: number[];
}

let want: Oracle;
beforeAll(() => { want = oracle<Oracle>('autograd/hooks', 'results'); });

const flat = (t: Tensor): number[] => t.flatten().tolist() as number[];

describe.each([['on the JS thread', false], ['through the worker thread (forced)', true]])('registerHook %s', (_label, force) => {
  beforeAll(() => autograd._setForceCrossThread(force));
  afterAll(() => autograd._setForceCrossThread(false));

  it('calls a hook on a leaf with its gradient', () => {
    const x = torch.tensor([1.0, -2.0, 3.0], { requiresGrad: true });
    const seen: number[][] = [];
    const h = x.registerHook((g) => { seen.push(flat(g)); });
    x.mul(torch.tensor([2.0, 3.0, 4.0])).sum().backward();
    expect(seen).toEqual([want.seenLeaf]);
    expect(flat(x.grad!)).toEqual(want.leafGrad);
    h.remove();
  });

  it('a hook may return a replacement gradient; remove() unregisters it', () => {
    const x = torch.tensor([1.0, -2.0, 3.0], { requiresGrad: true });
    let y = x.mul(2);
    const seen: number[][] = [];
    const hy = y.registerHook((g) => { seen.push(flat(g)); return g.mul(10); });
    y.mul(y).sum().backward();
    expect(seen).toEqual([want.seenInner]);
    expect(flat(x.grad!)).toEqual(want.replacedGrad);
    hy.remove();
    hy.remove();
    x.grad = null;
    y = x.mul(2);
    const h2 = y.registerHook((g) => g.mul(10));
    h2.remove();
    y.mul(y).sum().backward();
    expect(flat(x.grad!)).toEqual(want.afterRemove);
  });

  it('works on the output of a custom Function', () => {
    class Sq extends autograd.Function {
      static override forward(ctx: autograd.FunctionCtx, t: Tensor): Tensor { ctx.saveForBackward(t); return t.mul(t); }
      static override backward(ctx: autograd.FunctionCtx, g: Tensor): Tensor { const [t] = ctx.savedTensors; return t.mul(2).mul(g); }
    }
    const x = torch.tensor([1.0, -2.0, 3.0], { requiresGrad: true });
    const z = Sq.apply(x);
    z.registerHook((g) => g.add(1));
    z.sum().backward();
    expect(flat(x.grad!)).toEqual(want.hookInBackwardOfFunction);
  });

  it('a throwing hook reaches the caller as the same value', () => {
    const x = torch.tensor([1.0, 2.0], { requiresGrad: true });
    const error = new TypeError('hook failed');
    const y = x.mul(2);
    y.registerHook(() => { throw error; });
    let caught: unknown;
    try { y.sum().backward(); } catch (e) { caught = e; }
    expect(caught).toBe(error);
    expect(autograd._engineBridgeStats().stashedErrors).toBe(0);
  });

  it("refuses tensors that do not require grad, with PyTorch's message, and bad hooks", () => {
    expect(() => torch.ones(2).registerHook((g) => g)).toThrow(want.noGradMsg);
    expect(() => torch.ones(2, { requiresGrad: true }).registerHook(3 as unknown as () => void)).toThrow(TypeError);
    const y = torch.ones(2, { requiresGrad: true }).mul(2);
    y.registerHook(() => 5 as unknown as Tensor);
    expect(() => y.sum().backward()).toThrow(TypeError);
  });
});
