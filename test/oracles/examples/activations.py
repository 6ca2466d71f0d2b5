"""Oracle of test/examples/activations.test.ts: the article's activations (examples/article_models.py)
and their derivatives by autograd at the points examples/activations.ts prints."""
import os
import sys

import torch

_examples = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'examples')
if _examples not in sys.path:
    sys.path.append(_examples)
from article_models import SoftExponential, brelu, silu  # noqa: E402

PRINTED = [160, 250, 300, 350, 400, 550]


def _soft_exponential(alpha):
    module = SoftExponential(1, alpha)
    return lambda x: module(x)


ACTIVATIONS = [('SiLU', silu)] + [(f'Soft Exponential α={a:g}', _soft_exponential(a)) for a in (-0.5, 0.0, 0.5)] + [
    ('BReLU (even units)', lambda x: brelu(x.unsqueeze(0)).squeeze(0)),
    ('BReLU (odd units)', lambda x: brelu(torch.stack([x, x]))[1]),
]


def derivatives():
    """{name: [f at the printed points, f' by autograd there]}, on linspace(-3, 3, 601) in float32."""
    out = {}
    for name, f in ACTIVATIONS:
        x = torch.linspace(-3, 3, 601).requires_grad_()
        y = f(x)
        dx, = torch.autograd.grad(y.sum(), x)
        out[name] = [y.detach()[PRINTED].tolist(), dx[PRINTED].tolist()]
    return out
