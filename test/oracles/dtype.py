"""Oracle of test/dtype.test.ts."""
import warnings

import torch


def _name(d):
    return str(d)[len('torch.'):]


def facts(names, aliases):
    """What Python says of each dtype torch.NAME and of each alias, and which legacy storage class
    and safetensors name each dtype has."""
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')  # TypedStorage is deprecated
        storages = {_name(c.dtype): c.__name__ for c in torch._storage_classes
                    if c.__module__ == 'torch' and isinstance(getattr(c, 'dtype', None), torch.dtype)}
    try:
        from safetensors.torch import _TYPES
        formats = {_name(d): f for f, d in _TYPES.items()}
    except ImportError:
        formats = None
    dtypes = {}
    for n in names:
        d = getattr(torch, n)
        dtypes[n] = {
            'itemsize': d.itemsize,
            'float': d.is_floating_point,
            'complex': d.is_complex,
            'signed': d.is_signed,
            'storage': storages.get(n),
            'safetensors': None if formats is None else formats.get(n),
        }
    return {'dtypes': dtypes, 'aliases': {a: _name(getattr(torch, a)) for a in aliases}}
