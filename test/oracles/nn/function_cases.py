"""Table-driven nn.functional cases, shared by the oracles of test/nn/functional/*.test.ts
(test/nn/function_cases.ts runs the same table on the TypeScript side).

A case is {'name', 'fn', 'args', 'kwargs', 'seed', 'grad'}: seed the generator, then build the
arguments in order, an argument {'randn': shape} being a fresh randn tensor that requires grad
(other values are passed as they are); call F.<fn> (its name and the kwargs keys in camelCase, as
the test writes them); unless grad is false, backpropagate a randn gradient of the output's shape.
"""
import torch
import torch.nn.functional as F

from oracles.nn.module_cases import snake, tuples


def run_case(c):
    """One case: output and the gradients of the randn arguments."""
    torch.manual_seed(c.get('seed', 0))
    args, leaves = [], []
    for a in c.get('args', []):
        if isinstance(a, dict) and 'randn' in a:
            t = torch.randn(*a['randn'], dtype=getattr(torch, a.get('dtype', 'float32'))).requires_grad_(c.get('grad', True))
            leaves.append(t)
            args.append(t)
        else:
            args.append(tuples(a))
    kwargs = {snake(k): tuples(v) for k, v in c.get('kwargs', {}).items()}
    y = getattr(F, snake(c['fn']))(*args, **kwargs)
    out = {'out': y.tolist(), 'shape': list(y.shape), 'dtype': str(y.dtype).replace('torch.', '')}
    if c.get('grad', True):
        y.backward(torch.randn_like(y))
        out['grads'] = [t.grad.tolist() for t in leaves]
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
