"""Table-driven nn.functional cases that suit in-place and random functions, shared by the oracles
of test/nn/functional/{activation,dropout,distance}.test.ts (test/nn/inplace_function_cases.ts runs
the same table on the TypeScript side).

A case is {'name', 'fn', 'args', 'kwargs', 'seed', 'grad'}: seed the generator, build the arguments
in order (an argument {'randn': shape} is a fresh randn leaf that requires grad, passed as a clone so
in-place functions work under autograd); call F.<fn> (its name and the kwargs keys in camelCase, as
the test writes them; a dtype by its name); unless grad is false, backpropagate a randn gradient of the output's shape;
then draw torch.rand(2) to show where the generator was left.
"""
import re

import torch
import torch.nn.functional as F


def snake(key):
    """camelCase -> snake_case: the Python name the test writes in camelCase."""
    return re.sub(r'[A-Z]', lambda m: '_' + m.group(0).lower(), key)


def value(key, v):
    """A value as Python takes it: a dtype key's string as the torch.dtype, 'inf' (JSON has no
    Infinity) as the float."""
    if key == 'dtype' and isinstance(v, str):
        return getattr(torch, v)
    return float(v) if v in ('inf', '-inf') else v


def run_case(c):
    """One case: output, the gradients of the randn arguments, the next draw."""
    torch.manual_seed(c.get('seed', 0))
    grad = c.get('grad', True)
    args, leaves = [], []
    for a in c.get('args', []):
        if isinstance(a, dict) and 'randn' in a:
            t = torch.randn(*a['randn']).requires_grad_(grad)
            leaves.append(t)
            args.append(t.clone())
        else:
            args.append(value(None, a))
    y = getattr(F, snake(c['fn']))(*args, **{snake(k): value(k, v) for k, v in c.get('kwargs', {}).items()})
    out = {'out': y.tolist(), 'shape': list(y.shape), 'dtype': str(y.dtype).replace('torch.', '')}
    if grad:
        y.backward(torch.randn_like(y))
        out['grads'] = [t.grad.tolist() for t in leaves]
    out['after'] = torch.rand(2).tolist()
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
