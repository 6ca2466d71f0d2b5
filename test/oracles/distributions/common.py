"""Shared encoding of the distributions oracles: tensors as {shape, dtype, data} with nan/inf as
strings (JSON has no NaN), and a distribution's properties computed as PyTorch computes them."""
import math

import torch
import torch.distributions as D

SCOPE = {'torch': torch, 'D': D, 'C': D.constraints, 'math': math}


def enc(x):
    if x is None:
        return None
    if isinstance(x, (int, float)):
        x = torch.tensor(x)
    t = x.detach()
    flat = t.reshape(-1).tolist()

    def one(v):
        if isinstance(v, bool):
            return v
        if isinstance(v, float):
            if math.isnan(v):
                return 'nan'
            if math.isinf(v):
                return 'inf' if v > 0 else '-inf'
        return v

    return {'shape': list(t.shape), 'dtype': str(t.dtype).replace('torch.', ''), 'data': [one(v) for v in flat]}


def attempt(fn):
    """The value of fn(), or {'error': NAME: message} (NotImplementedError included)."""
    try:
        return enc(fn())
    except Exception as e:  # noqa: BLE001 - the test compares the error too
        return {'error': type(e).__name__ + ': ' + str(e).split('\n')[0]}


def make(expr):
    return eval(expr, SCOPE)  # noqa: S307 - expressions written by the tests, PyTorch's own API
