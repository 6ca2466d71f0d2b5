// Tensor hooks (x.registerHook(fn)): called with the gradient, may replace it, removable; run on
// both thread paths. Expected values from Python PyTorch.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import * as torch from '../../lib/index.js';
import { autograd, Tensor } from '../../lib/index.js';
import { python } from '../helpers/python.js';

interface Oracle {
  seenLeaf: number[]; leafGrad: number[];
  seenInner: number[]; replacedGrad: number[];
  afterRemove: number[];
  noGradMsg: string;
  hookInBackwardOfFunction: number[];
}

const ORACLE_PY = `
out = {}
x = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)
seen = []
h = x.register_hook(lambda g: seen.append(g.tolist()))
(x * torch.tensor([2.0, 3.0, 4.0])).sum().backward()
out['seenLeaf'] = seen[0]; out['leafGrad'] = x.grad.tolist()
h.remove(); x.grad = None
y = x * 2
seen2 = []
def double(g):
    seen2.append(g.tolist())
    return g * 10
hy = y.register_hook(double)
(y * y).sum().backward()
out['seenInner'] = seen2[0]; out['replacedGrad'] = x.grad.tolist()
hy.remove(); x.grad = None
y = x * 2
hy = y.register_hook(double)
hy.remove()
(y * y).sum().backward()
out['afterRemove'] = x.grad.tolist()
try:
    torch.ones(2).register_hook(lambda g: g)
except Exception as e:
    out['noGradMsg'] = str(e)
class Sq(torch.autograd.Function):
    @staticmethod
    def forward(ctx, t):
        ctx.save_for_backward(t)
        return t * t
    @staticmethod
    def backward(ctx, g):
        t, = ctx.saved_tensors
        return 2 * t * g
x.grad = None
z = Sq.apply(x)
z.register_hook(lambda g: g + 1)
z.sum().backward()
out['hookInBackwardOfFunction'] = x.grad.tolist()
print(json.dumps(out))
`;

let want: Oracle;
beforeAll(() => { want = python<Oracle>(ORACLE_PY); });

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
