"""Oracle of test/serialization/from_python.test.ts."""
import torch

from .helpers import values


def save_dtypes(dtypes, path):
    """every dtype PyTorch saves, non-contiguous, with values"""
    out = {}
    for name in dtypes:
        dt = getattr(torch, name)
        if name == 'bool': t = torch.tensor([[True, False, True], [False, False, True]])
        elif name.startswith('complex'): t = (torch.tensor([[1., 2, 3], [4, 5, 250]]) + 0.5j).to(dt)
        else: t = torch.tensor([[1., 2, 3], [4, 5, 250]]).to(dt)
        out[name] = t.t()
    torch.save(out, path)
    return {k: {'values': values(v), 'stride': list(v.stride())} for k, v in out.items()}


def save_views(path):
    """views sharing a storage alias after loading; requires_grad and Parameters are restored"""
    base = torch.arange(12.)
    p = torch.nn.Parameter(torch.ones(2))
    q = torch.nn.Parameter(torch.ones(1), requires_grad=False)
    torch.save({'a': base.view(3, 4), 'b': base[4:8], 'c': base.view(3, 4).t(), 'g': torch.ones(2, requires_grad=True), 'p': p, 'q': q}, path)


def save_values(path):
    """Python values map to JS as documented"""
    import collections
    torch.save({'i': 3, 'f': 2.0, 'big': 2**70, 'neg': -(2**63), 's': 'héllo', 'b': True, 'n': None, 't': (1, (2, 3)), 'l': [1, [2]],
      'intkeys': {2: 'b', 1: 'a'}, 'numstr': {'1': 'x', 'a': 'y'}, 'od': collections.OrderedDict([('z', 1), ('a', 2)]),
      'set': {5}, 'bytes': b'\x00\xff', 'c': 1+2j, 'dt': torch.float16, 'dev': torch.device('cpu'), 'size': torch.Size([2, 3]),
      'tuplekey': {(1, 2): 'p'}}, path)


def save_state_dict(path):
    """a Python state_dict goes into model.loadStateDict and gives identical outputs"""
    torch.manual_seed(0)
    m = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.BatchNorm1d(8), torch.nn.ReLU(), torch.nn.Linear(8, 2))
    m.train(); m(torch.randn(16, 4))  # running stats move
    m.eval()
    x = torch.randn(5, 4)
    with torch.no_grad(): out = m(x)
    torch.save(m.state_dict(), path)
    return {'out': out.tolist(), 'x': x.tolist()}


def state_dict_metadata(path):
    """a Python state_dict goes into model.loadStateDict and gives identical outputs"""
    return repr(torch.load(path)._metadata)


def save_legacy(legacy_dtypes, path):
    """reads tensors of every dtype, shared storages, Parameters and nested values"""
    import collections
    out = collections.OrderedDict()
    for name in legacy_dtypes:
        dt = getattr(torch, name)
        if name == 'bool': t = torch.tensor([[True, False, True], [False, False, True]])
        elif name.startswith('complex'): t = (torch.tensor([[1., 2, 3], [4, 5, 250]]) + 0.5j).to(dt)
        else: t = torch.tensor([[1., 2, 3], [4, 5, 250]]).to(dt)
        out[name] = t.t()
    base = torch.arange(10.)
    obj = {'t': out, 'a': base, 'b': base[2:5], 'p': torch.nn.Parameter(torch.ones(2)), 'meta': {'step': 3, 'names': ('x', 'y')}}
    torch.save(obj, path, _use_new_zipfile_serialization=False)
    return {k: values(v) for k, v in out.items()}
