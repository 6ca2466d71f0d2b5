"""Oracle of test/nn/index.test.ts: the public names of torch.nn PyTorch 2.13 has."""
import inspect
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.nn.init as init
import torch.nn.utils as utils


def _public_functions(mod, own):
    out = []
    for n in dir(mod):
        v = getattr(mod, n)
        if n.startswith('_') or inspect.isclass(v) or inspect.ismodule(v) or not callable(v):
            continue
        if own and getattr(v, '__module__', None) not in own:
            continue
        out.append(n)
    return sorted(out)


def public_names():
    """Module classes of torch.nn, torch.nn.functional's functions, torch.nn.init's, torch.nn.utils' names."""
    modules = sorted(n for n in dir(nn) if inspect.isclass(getattr(nn, n)) and issubclass(getattr(nn, n), nn.Module))
    return {
        'modules': modules,
        'functional': _public_functions(F, None),
        'init': _public_functions(init, {'torch.nn.init'}),
        'utils': sorted(n for n in dir(utils) if not n.startswith('_')),
    }
