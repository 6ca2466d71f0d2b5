"""Oracle of test/nn/utils/stateless.test.ts."""
import torch
import torch.nn as nn
from torch.func import functional_call


class Tied(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Linear(2, 2, bias=False)
        self.b = nn.Linear(2, 2, bias=False)
        self.b.weight = self.a.weight
        self.register_buffer('scale', torch.ones(1))
    def forward(self, x, power=1):
        return self.b(self.a(x)).mul(self.scale).pow(power)


def results():
    out = {}
    torch.manual_seed(0)
    m = Tied()
    x = torch.randn(3, 2)
    w = torch.eye(2) * 2
    out['tied'] = functional_call(m, {'a.weight': w}, (x,)).tolist()
    out['untied'] = functional_call(m, {'a.weight': w}, (x,), tie_weights=False).tolist()
    out['kwargs'] = functional_call(m, ({'a.weight': w}, {'scale': torch.tensor([3.0])}), (x,), {'power': 2}).tolist()
    out['unchanged'] = m(x).tolist()
    try:
        functional_call(m, {'a.weight': w, 'b.weight': w * 2}, (x,))
    except ValueError as e:
        out['tiedConflict'] = str(e)
    try:
        functional_call(m, {'a.weight': w, 'nope': w}, (x,), strict=True)
    except RuntimeError as e:
        out['strict'] = str(e)
    try:
        functional_call(m, ({'a.weight': w}, {'a.weight': w}), (x,))
    except ValueError as e:
        out['dup'] = str(e)
    # Gradients flow to the given tensors, not the module's.
    p = {'a.weight': w.clone().requires_grad_()}
    functional_call(m, p, x).sum().backward()
    out['grad'] = p['a.weight'].grad.tolist()
    out['moduleGrad'] = m.a.weight.grad is None
    # BatchNorm running stats given as buffers are updated in place.
    bn = nn.BatchNorm1d(2)
    rm = torch.zeros(2)
    functional_call(bn, {'running_mean': rm}, (x,))
    out['runningMean'] = rm.tolist()
    out['bnOwn'] = bn.running_mean.tolist()
    return out

