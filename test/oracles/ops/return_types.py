"""Oracle of test/ops/return_types.test.ts: Python's named tuples (torch.return_types)."""
import torch

# Symmetric positive definite, so every factorization below is defined.
X = [[4.0, 1.0, 2.0], [1.0, 5.0, 3.0], [2.0, 3.0, 6.0]]


def fields():
    """Every torch.return_types type (private ones included): its name -> its field names."""
    out = {}
    for name in dir(torch.return_types):
        t = getattr(torch.return_types, name)
        if isinstance(t, type) and hasattr(t, 'n_fields'):
            out[t.__name__] = list(t.__match_args__)
    return out


def _cases(x):
    b = torch.tensor([[1.0], [2.0], [3.0]], dtype=torch.float64)
    lu = torch.linalg.lu_factor(x)
    return {
        'torch.max': lambda: torch.max(x, 1),
        'torch.min': lambda: torch.min(x, 0, keepdim=True),
        'torch.sort': lambda: torch.sort(x, descending=True),
        'torch.topk': lambda: torch.topk(x, 2),
        'torch.kthvalue': lambda: torch.kthvalue(x, 2, 1),
        'torch.mode': lambda: torch.mode(x, 1),
        'torch.median': lambda: torch.median(x, 1),
        'torch.nanmedian': lambda: torch.nanmedian(x, 1),
        'torch.aminmax': lambda: torch.aminmax(x, dim=1),
        'torch.cummax': lambda: torch.cummax(x, 1),
        'torch.cummin': lambda: torch.cummin(x, 1),
        'torch.frexp': lambda: torch.frexp(x),
        'torch.geqrf': lambda: torch.geqrf(x),
        'torch.histogram': lambda: torch.histogram(x.flatten(), 4),
        'torch.histogramdd': lambda: torch.histogramdd(x, [2, 2, 2]),
        'torch.qr': lambda: torch.qr(x),
        'torch.svd': lambda: torch.svd(x),
        'torch.slogdet': lambda: torch.slogdet(x),
        'torch.triangular_solve': lambda: torch.triangular_solve(b, x),
        'torch.lu_unpack': lambda: torch.lu_unpack(lu[0], lu[1]),
        'torch.linalg.cholesky_ex': lambda: torch.linalg.cholesky_ex(x),
        'torch.linalg.eigh': lambda: torch.linalg.eigh(x),
        'torch.linalg.inv_ex': lambda: torch.linalg.inv_ex(x),
        'torch.linalg.ldl_factor': lambda: torch.linalg.ldl_factor(x),
        'torch.linalg.ldl_factor_ex': lambda: torch.linalg.ldl_factor_ex(x),
        'torch.linalg.lstsq': lambda: torch.linalg.lstsq(x, b),
        'torch.linalg.lu': lambda: torch.linalg.lu(x),
        'torch.linalg.lu_factor': lambda: torch.linalg.lu_factor(x),
        'torch.linalg.lu_factor_ex': lambda: torch.linalg.lu_factor_ex(x),
        'torch.linalg.qr': lambda: torch.linalg.qr(x),
        'torch.linalg.slogdet': lambda: torch.linalg.slogdet(x),
        'torch.linalg.solve_ex': lambda: torch.linalg.solve_ex(x, b),
        'torch.linalg.svd': lambda: torch.linalg.svd(x),
        'Tensor.max': lambda: x.max(1),
        'Tensor.sort': lambda: x.sort(0),
        'Tensor.topk': lambda: x.topk(1, largest=False),
        'Tensor.slogdet': lambda: x.slogdet(),
        'torch.max out=': lambda: torch.max(x, 1, out=(torch.empty(0, dtype=x.dtype), torch.empty(0, dtype=torch.long))),
    }


def _plain(v):
    if isinstance(v, torch.Tensor):
        return v.tolist()
    return [_plain(e) for e in v]


def calls(names):
    """Each named call on X: its type's name, its fields, and the values of each field."""
    x = torch.tensor(X, dtype=torch.float64)
    cases = _cases(x)
    out = {}
    for name in names:
        r = cases[name]()
        out[name] = {'type': type(r).__name__, 'fields': list(type(r).__match_args__),
                     'values': [_plain(getattr(r, f)) for f in type(r).__match_args__]}
    return out


def case_names():
    return list(_cases(torch.tensor(X, dtype=torch.float64)).keys())


def plain_tuples():
    """Results Python returns as plain tuples (no names): the schema's returns are unnamed."""
    x = torch.tensor(X, dtype=torch.float64)
    return {'std_mean': type(torch.std_mean(x)).__name__, 'var_mean': type(torch.var_mean(x, 1)).__name__}
