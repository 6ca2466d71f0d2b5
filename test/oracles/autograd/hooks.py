"""Oracle of test/autograd/hooks.test.ts."""
import torch


def results():
    """Tensor hooks: called with the gradient, may replace it, removable."""
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
    return out
