"""Oracle of test/autograd/function_apply.test.ts: torch.autograd.Function.apply in PyTorch 2's
style (forward without ctx, then setup_context), non-tensor outputs, and apply's refusals."""
import torch
from torch.autograd import Function


def _msg(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - the message is the oracle
        return str(e)
    return None


def setup_context_style():
    """forward(x, w, scale) without ctx; setup_context saves x and w and keeps scale"""
    seen = {}

    class MulScale(Function):
        @staticmethod
        def forward(x, w, scale):
            seen['forward_grad'] = torch.is_grad_enabled()
            return x * w * scale

        @staticmethod
        def setup_context(ctx, inputs, output):
            x, w, scale = inputs
            seen['setup_grad'] = torch.is_grad_enabled()
            seen['needs'] = list(ctx.needs_input_grad)
            seen['output_requires_grad'] = output.requires_grad
            ctx.save_for_backward(x, w)
            ctx.scale = scale

        @staticmethod
        def backward(ctx, g):
            x, w = ctx.saved_tensors
            return g * w * ctx.scale, g * x * ctx.scale, None

    x = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)
    w = torch.tensor([0.5, 4.0, -1.0])
    y = MulScale.apply(x, w, 3.0)
    y.mul(torch.tensor([1.0, 2.0, 3.0])).sum().backward()
    return {'y': y.tolist(), 'gradFn': y.grad_fn.name(), 'grad': x.grad.tolist(), **seen,
            'gradAfter': torch.is_grad_enabled()}


def setup_context_saves_output():
    """new-style exp saving its output: backward uses it, double backward through it"""
    class Exp(Function):
        @staticmethod
        def forward(x):
            return x.exp()

        @staticmethod
        def setup_context(ctx, inputs, output):
            ctx.save_for_backward(output)

        @staticmethod
        def backward(ctx, g):
            (out,) = ctx.saved_tensors
            return g * out

    x = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
    y = Exp.apply(x)
    (gx,) = torch.autograd.grad(y.sum(), x, create_graph=True)
    gx.sum().backward()
    return {'y': y.tolist(), 'first': gx.tolist(), 'second': x.grad.tolist()}


def setup_context_refusals():
    """an input returned as-is and saved is refused with setup_context; errors propagate unchanged"""
    class Same(Function):
        @staticmethod
        def forward(x):
            return x

        @staticmethod
        def setup_context(ctx, inputs, output):
            ctx.save_for_backward(inputs[0])

        @staticmethod
        def backward(ctx, g):
            return g

    class Throws(Function):
        @staticmethod
        def forward(x):
            return x * 2

        @staticmethod
        def setup_context(ctx, inputs, output):
            raise ValueError('setup failed')

    x = torch.tensor([1.0, 2.0], requires_grad=True)
    same = _msg(lambda: Same.apply(x))
    throws = _msg(lambda: Throws.apply(x))
    return {'same': same, 'throws': throws, 'gradAfter': torch.is_grad_enabled()}


def non_tensor_outputs():
    """forward may return non-tensors next to tensors: they pass through, and backward gets a
    gradient only for the tensors (None for the others)"""
    seen = []

    class Mixed(Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2, 7, 'label', x * 3

        @staticmethod
        def backward(ctx, g0, g1, g2, g3):
            seen.append([g1 is None, g2 is None])
            return g0 * 2 + g3 * 3

    x = torch.tensor([1.0, 2.0], requires_grad=True)
    out = Mixed.apply(x)
    a, n, s, b = out
    (a.sum() + b.sum()).backward()
    return {'n': n, 's': s, 'a': a.tolist(), 'b': b.tolist(), 'grad': x.grad.tolist(), 'seen': seen,
            'isTuple': isinstance(out, tuple)}
