"""Table-driven module cases, shared by the oracles of test/nn/modules/*.test.ts
(test/nn/module_cases.ts runs the same table on the TypeScript side).

A case is {'name', 'cls', 'args', 'kwargs', 'input', 'forward', 'seed'}: seed the generator,
build nn.<cls>(*args, **kwargs) (kwargs keys in camelCase, as the test writes them), draw the
input with randn, call the module (extra forward arguments after the input), then backpropagate
a randn gradient of the output's shape.
"""
import re

import torch


def snake(key):
    """camelCase -> snake_case: the Python name of an option the test names in camelCase."""
    return re.sub(r'[A-Z]', lambda m: '_' + m.group(0).lower(), key)


def tuples(v):
    """JSON lists as Python tuples (PyTorch's reprs print tuples)."""
    return tuple(tuples(e) for e in v) if isinstance(v, list) else v


def run_case(c):
    """One case: parameters after init, output, gradients and repr."""
    torch.manual_seed(c.get('seed', 0))
    cls = getattr(torch.nn, c['cls'])
    kwargs = {snake(k): tuples(v) for k, v in c.get('kwargs', {}).items()}
    m = cls(*[tuples(a) for a in c.get('args', [])], **kwargs)
    x = torch.randn(*c['input']).requires_grad_()
    y = m(x, *[tuples(a) for a in c.get('forward', [])])
    g = torch.randn_like(y)
    y.backward(g)
    out = {'out': y.tolist(), 'shape': list(y.shape), 'inputGrad': x.grad.tolist(), 'repr': repr(m)}
    for name, p in m.named_parameters():
        out['param.' + name] = p.tolist()
        out['grad.' + name] = p.grad.tolist()
    return out


def run_cases(cases):
    """Every case, keyed by name."""
    return {c['name']: run_case(c) for c in cases}
