# Oracles of test/autograd/forward_ad.test.ts: torch.autograd.forward_ad values and messages.
import torch
import torch.autograd.forward_ad as fwAD


def _msg(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001
        return str(e)
    return None


def values():
    out = {}
    with fwAD.dual_level():
        x = fwAD.make_dual(torch.tensor([0.5, 1.0, 2.0]), torch.tensor([1.0, 2.0, 3.0]))
        y = (x.sin() * x).exp().sum()
        p, t = fwAD.unpack_dual(y)
        out['y'] = p.item()
        out['dy'] = t.item()
        a = fwAD.make_dual(torch.tensor([[1.0, 2.0], [3.0, 4.0]]), torch.tensor([[0.1, 0.2], [0.3, 0.4]]))
        b = torch.tensor([[2.0, 0.0], [1.0, 1.0]])
        z = torch.nn.functional.softmax(a @ b, dim=1)
        out['softmax_tangent'] = fwAD.unpack_dual(z).tangent.tolist()
        out['plain_tangent_is_none'] = fwAD.unpack_dual(torch.ones(2)).tangent is None
        out['size_msg'] = _msg(lambda: fwAD.make_dual(torch.ones(2), torch.ones(3)))
        out['int_msg'] = _msg(lambda: fwAD.make_dual(torch.ones(2, dtype=torch.long), torch.ones(2)))
    out['after_exit_none'] = fwAD.unpack_dual(x).tangent is None
    out['no_level_msg'] = _msg(lambda: torch._make_dual(torch.ones(2), torch.ones(2), level=0))
    return out


class Scale(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, k):
        ctx.k = k
        return x * k, x.exp()

    @staticmethod
    def setup_context(ctx, inputs, output):
        pass

    @staticmethod
    def backward(ctx, g, h):
        return g * ctx.k, None

    @staticmethod
    def jvp(ctx, t, k):
        return t * ctx.k, t * 10


class NoJvp(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x * 2

    @staticmethod
    def backward(ctx, g):
        return g * 2


class WrongCount(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x * 2, x * 3

    @staticmethod
    def backward(ctx, g, h):
        return g

    @staticmethod
    def jvp(ctx, t):
        return t


def custom_function():
    class ScaleOld(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x, k):
            ctx.k = k
            return x * k, x.exp()

        @staticmethod
        def backward(ctx, g, h):
            return g * ctx.k, None

        @staticmethod
        def jvp(ctx, t, k):
            return t * ctx.k, t * 10
    with fwAD.dual_level():
        x = fwAD.make_dual(torch.tensor([1.0, 2.0]), torch.tensor([0.5, -1.0]))
        y, e = ScaleOld.apply(x, 3.0)
        return {
            'y': fwAD.unpack_dual(y).primal.tolist(),
            'dy': fwAD.unpack_dual(y).tangent.tolist(),
            'de': fwAD.unpack_dual(e).tangent.tolist(),
            'no_jvp_msg': _msg(lambda: NoJvp.apply(x)),
            'wrong_count_msg': _msg(lambda: WrongCount.apply(x)),
        }
