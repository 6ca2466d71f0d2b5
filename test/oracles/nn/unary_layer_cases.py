"""Table-driven cases of layers called on one input, shared by the oracles of
test/nn/modules/{activation,dropout,flatten}.test.ts (test/nn/unary_layer_cases.ts runs the same
table on the TypeScript side).

A case is {'name', 'cls', 'args', 'kwargs', 'input', 'eval', 'seed'}: seed the generator, build
nn.<cls>(*args, **kwargs) (kwargs keys in camelCase, as the test writes them; arrays as tuples), eval mode if asked,
call it on a clone of a randn input (in-place layers work under autograd), backpropagate a randn
gradient of the output's shape, then draw torch.rand(2) to show where the generator was left.
"""
import re

import torch


def snake(key):
    """camelCase -> snake_case: the Python name of an option the test names in camelCase."""
    return re.sub(r'[A-Z]', lambda m: '_' + m.group(0).lower(), key)


def tuples(v):
    """JSON lists as Python tuples (PyTorch's reprs print tuples; the tests pass sizes as arrays)."""
    return tuple(tuples(e) for e in v) if isinstance(v, list) else v


def run_case(c):
    """One case: output, gradients, parameters, repr and the next draw."""
    torch.manual_seed(c.get('seed', 0))
    m = getattr(torch.nn, c['cls'])(*[tuples(a) for a in c.get('args', [])], **{snake(k): tuples(v) for k, v in c.get('kwargs', {}).items()})
    if c.get('eval'):
        m.eval()
    x = torch.randn(*c['input']).requires_grad_()
    y = m(x.clone())
    y.backward(torch.randn_like(y))
    out = {'out': y.tolist(), 'shape': list(y.shape), 'inputGrad': x.grad.tolist(), 'repr': repr(m), 'after': torch.rand(2).tolist()}
    for name, p in m.named_parameters():
        out['param.' + name] = p.tolist()
        out['grad.' + name] = p.grad.tolist()
    return out


def run_cases(cases):
    """Every case, keyed by name."""
    return {c['name']: run_case(c) for c in cases}


def catch(fn):
    """The message of the exception fn raises (None if it returns)."""
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - the message is the result
        return str(e)
    return None
