"""Oracle of test/nn/utils/parametrizations.test.ts."""
import warnings
import torch
import torch.nn as nn
from torch.nn.utils import parametrizations as PZ


def orthogonal():
    out = {}
    for name, shape, kw in [('householder', (3, 5), {}), ('matrixExp', (4, 4), {}), ('cayley', (5, 3), {'orthogonal_map': 'cayley'}),
                            ('householderNoTriv', (5, 3), {'use_trivialization': False})]:
        torch.manual_seed(4)
        m = nn.Linear(shape[1], shape[0])
        PZ.orthogonal(m, **kw)
        w = m.weight
        r = {'weight': w.tolist(), 'keys': list(m.state_dict().keys()), 'repr': repr(m)}
        x = torch.randn(2, shape[1])
        m(x).sum().backward()
        r['grad'] = m.parametrizations.weight.original.grad.tolist()
        out[name] = r
    errors = {}
    for key, f in [('vector', lambda: PZ.orthogonal(nn.BatchNorm1d(3))),
                   ('badMap', lambda: PZ.orthogonal(nn.Linear(2, 2), orthogonal_map='qr')),
                   ('noName', lambda: PZ.orthogonal(nn.Linear(2, 2), 'w'))]:
        try:
            f()
        except ValueError as e:
            errors[key] = str(e)
    out['errors'] = errors
    return out


def weight_norm():
    out = {}
    torch.manual_seed(5)
    m = PZ.weight_norm(nn.Linear(4, 3))
    out['keys'] = list(m.state_dict().keys())
    out['g'] = m.parametrizations.weight.original0.tolist()
    out['weight'] = m.weight.tolist()
    out['repr'] = repr(m)
    x = torch.randn(2, 4)
    m(x).pow(2).sum().backward()
    out['gradG'] = m.parametrizations.weight.original0.grad.tolist()
    out['gradV'] = m.parametrizations.weight.original1.grad.tolist()
    c = PZ.weight_norm(nn.Conv2d(2, 3, 2), dim=None)
    out['convG'] = c.parametrizations.weight.original0.tolist()
    # The old (hook) weight_norm's state dict loads into the parametrized one.
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        torch.manual_seed(6)
        old = nn.utils.weight_norm(nn.Linear(4, 3))
    out['oldKeys'] = list(old.state_dict().keys())
    out['oldG'] = old.weight_g.tolist()
    y = old(x)
    out['oldY'] = y.tolist()
    m.load_state_dict(old.state_dict())
    out['loadedWeight'] = m.weight.tolist()
    nn.utils.remove_weight_norm(old)
    out['oldRemoved'] = [list(old.state_dict().keys()), old.weight.tolist()]
    try:
        nn.utils.remove_weight_norm(old)
    except ValueError as e:
        out['removeTwice'] = str(e).split(' found in')[0]
    return out


def spectral_norm():
    out = {}
    torch.manual_seed(7)
    m = PZ.spectral_norm(nn.Linear(5, 4))
    p = m.parametrizations.weight[0]
    out['keys'] = list(m.state_dict().keys())
    out['u0'] = p._u.tolist()
    out['v0'] = p._v.tolist()
    out['repr'] = repr(m)
    x = torch.randn(3, 5)
    y = m(x)
    y.sum().backward()
    out['y'] = y.tolist()
    out['u1'] = p._u.tolist()
    out['grad'] = m.parametrizations.weight.original.grad.tolist()
    m.eval()
    out['evalWeight'] = m.weight.tolist()
    out['u2'] = p._u.tolist()
    torch.manual_seed(8)
    ct = PZ.spectral_norm(nn.ConvTranspose2d(3, 2, 2), n_power_iterations=2, eps=1e-6)
    out['convT'] = [ct.parametrizations.weight[0].dim, ct.parametrizations.weight[0]._u.tolist(), ct.weight.flatten().tolist()]
    # The older hook form.
    torch.manual_seed(9)
    o = nn.utils.spectral_norm(nn.Linear(5, 4))
    out['oldKeys'] = list(o.state_dict().keys())
    out['oldU'] = o.weight_u.tolist()
    yo = o(x)
    out['oldY'] = yo.tolist()
    out['oldU1'] = o.weight_u.tolist()
    yo.sum().backward()
    out['oldGrad'] = o.weight_orig.grad.tolist()
    nn.utils.remove_spectral_norm(o)
    out['oldRemoved'] = [list(o.state_dict().keys()), o.weight.tolist()]
    try:
        PZ.spectral_norm(nn.Linear(2, 2), n_power_iterations=0)
    except ValueError as e:
        out['badIters'] = str(e)
    return out
