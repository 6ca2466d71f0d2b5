"""Oracle of test/optim/optimizer.test.ts: optimizers built with positional hyper-parameters."""
import re
import torch


def positional_groups(cases):
    """Each case [class name, positional values]: the first param group's options, camelCased."""
    out = {}
    for name, (cls, values) in cases.items():
        values = [tuple(v) if isinstance(v, list) else v for v in values]
        opt = getattr(torch.optim, cls)([torch.zeros(2, requires_grad=True)], *values)
        group = {re.sub(r'_([a-z])', lambda m: m.group(1).upper(), k): (list(v) if isinstance(v, tuple) else v)
                 for k, v in opt.param_groups[0].items() if k != 'params'}
        out[name] = group
    return out

