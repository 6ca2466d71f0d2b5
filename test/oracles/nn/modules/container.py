"""Oracle of test/nn/modules/container.test.ts."""
import warnings
from collections import OrderedDict

import torch


def _msg(f):
    try:
        f()
    except Exception as e:  # noqa: BLE001
        return str(e)
    return None


def parameter_list():
    """ParameterList: repr, state dict keys, slicing, a forward through its parameters and the gradients."""
    nn = torch.nn
    torch.manual_seed(0)
    pl = nn.ParameterList([nn.Parameter(torch.randn(2, 3)), torch.randn(3), nn.Parameter(torch.randn(3, dtype=torch.float64))])
    out = {'repr': repr(pl), 'keys': list(pl.state_dict().keys()), 'len': len(pl)}
    pl.append('x')
    pl.extend([torch.ones(2, 2)])
    out['reprMixed'] = repr(pl)
    out['keysMixed'] = list(pl.state_dict().keys())
    out['sliceRepr'] = repr(pl[1:3])
    out['empty'] = repr(nn.ParameterList())
    pl[3] = torch.zeros(1)
    out['keysSet'] = list(pl.state_dict().keys())
    out['inSequential'] = repr(nn.Sequential(nn.Linear(2, 2), nn.ParameterList([nn.Parameter(torch.zeros(2))])))
    y = (pl[0].sum() + pl[1].sum() * 2)
    y.backward()
    out['grads'] = [pl[0].grad.tolist(), pl[1].grad.tolist()]
    out['extendError'] = _msg(lambda: pl.extend(torch.zeros(2)))
    out['callError'] = _msg(lambda: pl())
    out['indexError'] = _msg(lambda: pl[9])
    return out


def parameter_dict():
    """ParameterDict: key order (sorted for a dict, kept for an OrderedDict), repr, state dict keys, dict methods."""
    nn = torch.nn
    torch.manual_seed(1)
    pd = nn.ParameterDict({'b': nn.Parameter(torch.randn(2)), 'a': torch.randn(3, 1)})
    out = {'repr': repr(pd), 'keys': list(pd.state_dict().keys())}
    od = nn.ParameterDict(OrderedDict([('z', torch.zeros(1, dtype=torch.float64)), ('y', torch.zeros(2, dtype=torch.float16))]))
    out['orderedRepr'] = repr(od)
    pd['c'] = 5
    out['reprMixed'] = repr(pd)
    out['keysMixed'] = list(pd.state_dict().keys())
    pairs = nn.ParameterDict([('q', torch.ones(2)), ('p', torch.ones(1))])
    out['pairsKeys'] = list(pairs.keys())
    both = pd | pairs
    out['orKeys'] = list(both.keys())
    out['pop'] = pd.pop('c')
    out['popitem'] = pairs.popitem()[0]
    out['setdefault'] = pd.setdefault('d', torch.zeros(2)).tolist()
    out['afterKeys'] = list(pd.keys())
    out['fromkeys'] = list(pd.fromkeys(['u', 'v']).keys())
    out['copyKeys'] = list(pd.copy().keys())
    out['keyError'] = _msg(lambda: nn.ParameterDict().__setitem__(3, torch.zeros(1)))
    out['pairError'] = _msg(lambda: nn.ParameterDict([('a', torch.zeros(1), 3)]))
    out['attrError'] = _msg(lambda: nn.ParameterDict({'keys': torch.zeros(1)}))
    out['callError'] = _msg(lambda: pd(1))
    pd.clear()
    out['cleared'] = len(pd)
    return out


def container():
    """The deprecated Container: its warning, repr and state dict keys."""
    nn = torch.nn
    torch.manual_seed(2)
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('always')
        c = nn.Container(fc=nn.Linear(2, 3), act=nn.ReLU())
    return {'warning': str(w[0].message), 'category': w[0].category.__name__, 'repr': repr(c),
            'keys': list(c.state_dict().keys())}


def data_parallel():
    """DataParallel on a machine without GPUs: the module called as it is, keys prefixed module."""
    nn = torch.nn
    torch.manual_seed(3)
    dp = nn.DataParallel(nn.Sequential(nn.Linear(4, 3), nn.BatchNorm1d(3)))
    x = torch.randn(5, 4)
    y = dp(x)
    return {'repr': repr(dp), 'keys': list(dp.state_dict().keys()), 'y': y.tolist(), 'deviceIds': dp.device_ids,
            'functional': _msg(lambda: nn.parallel.data_parallel(dp.module, x)),
            'dict': {k: v.tolist() for k, v in dp.state_dict().items()}}


def sequence_ops():
    """Sequential and ModuleList editing: set, del (renumbering, named ones too), pop, +, *."""
    nn = torch.nn
    torch.manual_seed(6)
    named = nn.Sequential(OrderedDict([('fc', nn.Linear(2, 3)), ('act', nn.ReLU()), ('out', nn.Linear(3, 1))]))
    named[1] = nn.Tanh()
    out = {'set': repr(named)}
    del named[0]
    out['del'] = repr(named)
    out['delKeys'] = list(named.state_dict().keys())
    popped = named.pop(-1)
    out['pop'] = [repr(popped), repr(named)]
    a = nn.Sequential(nn.Linear(1, 2), nn.ReLU())
    b = nn.Sequential(nn.Linear(2, 2))
    out['add'] = repr(a + b)
    out['mul'] = repr(a * 2)
    out['mulKeys'] = list((a * 2).state_dict().keys())
    lst = nn.ModuleList([nn.ReLU(), nn.Tanh(), nn.Sigmoid()])
    del lst[0]
    out['listDel'] = repr(lst)
    out['listAdd'] = repr(lst + [nn.Identity()])
    out['addError'] = _msg(lambda: a + 3)
    out['mulError'] = _msg(lambda: a * 0)
    return out
