"""Oracle of test/autograd/gradcheck.test.ts."""
import os
import sys

import torch

# The article's models are examples/article_models.py's (one Python definition for the project).
_examples = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'examples')
if _examples not in sys.path:
    sys.path.append(_examples)
from article_models import BReLU  # noqa: E402


def results(x):
    """gradcheck / gradgradcheck on the article's activations, and the report for a wrong backward."""
    from torch.autograd import gradcheck, gradgradcheck
    class WrongBReLU(BReLU):
        @staticmethod
        def backward(ctx, grad_output):
            input, = ctx.saved_tensors
            even = torch.arange(0, input.shape[0], 2)
            grad_input = grad_output.clone()
            grad_input[even] = (input[even] >= 0).double() * grad_input[even]
            return grad_input
    class CubeDetached(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x ** 3
        @staticmethod
        def backward(ctx, g):
            x, = ctx.saved_tensors
            return g * 3 * x.detach() ** 2
    class Cube(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x ** 3
        @staticmethod
        def backward(ctx, g):
            x, = ctx.saved_tensors
            return g * 3 * x ** 2
    x = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    out = {'gcBReLU': gradcheck(BReLU.apply, (x,))}
    try:
        gradcheck(WrongBReLU.apply, (x,))
    except Exception as e:
        out['wrongMessage'] = str(e)
    out['wrongResult'] = gradcheck(WrongBReLU.apply, (x,), raise_exception=False)
    v = torch.tensor([0.5, -1.5, 2.0], dtype=torch.float64, requires_grad=True)
    out['ggRight'] = gradgradcheck(Cube.apply, (v,))
    out['ggWrong'] = gradgradcheck(CubeDetached.apply, (v,), raise_exception=False)
    return out
