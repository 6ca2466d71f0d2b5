"""Oracle of test/ops/surface.test.ts."""
import torch


def missing_names(m, f):
    """The ATen names of generated Tensor methods (m) and torch functions (f) that Python lacks."""
    return {'methods': [n for n in m if not hasattr(torch.Tensor, n)],
            'functions': [n for n in f if not (hasattr(torch, n) or hasattr(torch._C._nn, n))]}


def randn_generator_seed7():
    """draws from a Generator passed by keyword, like Python"""
    return torch.randn(4, generator=torch.Generator().manual_seed(7)).tolist()


def randint_generator_seed3():
    """draws from a Generator passed by keyword, like Python"""
    return torch.randint(0, 10, (5,), generator=torch.Generator().manual_seed(3)).tolist()


def many_positional_arguments(counts):
    """calls with many positional arguments (more than the 24 the native call keeps inline)"""
    x = torch.arange(6.)
    try:
        torch.add(*[1] * 30)
        got = 'no error'
    except TypeError as e:
        got = str(e).split(', but expected')[0]
    errors = {}
    for k, f in {'view': lambda: torch.ones(2).view(3), 'select': lambda: torch.ones(2).select(0, 5),
                 'add': lambda: torch.add(torch.ones(2), torch.ones(3))}.items():
        try:
            f(); errors[k] = 'no error'
        except Exception as e:
            errors[k] = str(e)
    return {'zeros': [list(torch.zeros(*[1] * n).shape) for n in counts],
            'view': [list(x.view(*[1] * (n - 2), 2, 3).shape) for n in counts],
            'addGot': got, 'values': x.view(*[1] * 28, 2, 3).sum(-1).flatten().tolist(),
            'errors': errors}
