"""kl_divergence for every registered pair, and the registry's dispatch (test/distributions/kl.test.ts)."""
import warnings

import torch
import torch.distributions as D
from torch.distributions.kl import _KL_REGISTRY

from .common import attempt, make


def pairs():
    """The registered (p, q) class pairs, as 'P,Q' names."""
    return sorted(f'{p.__name__},{q.__name__}' for p, q in _KL_REGISTRY)


def results(instances):
    """instances: {class name: [p expression, q expression]}; KL(p of P || q of Q) for each pair."""
    out = {}
    for pair in pairs():
        a, b = pair.split(',')
        torch.manual_seed(0)
        p = make(instances[a][0])
        q = make(instances[b][1])
        out[pair] = attempt(lambda: D.kl_divergence(p, q))
    return out


def dispatch():
    """Most specific match, and the ambiguity warning, with subclasses registered both ways."""
    class MyNormal(D.Normal):
        pass

    class OtherNormal(D.Normal):
        pass

    p = MyNormal(torch.tensor([0.0, 1.0]), torch.tensor([1.0, 2.0]))
    q = OtherNormal(torch.tensor([1.0, 0.0]), torch.tensor([0.5, 1.0]))
    inherited = D.kl_divergence(p, q).tolist()
    D.register_kl(MyNormal, D.Normal)(lambda p, q: torch.zeros(2))
    D.register_kl(D.Normal, OtherNormal)(lambda p, q: torch.ones(2))
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('always')
        ambiguous = D.kl_divergence(p, q).tolist()
    return {'inherited': inherited, 'ambiguous': ambiguous, 'warning': str(w[0].message) if w else None}
