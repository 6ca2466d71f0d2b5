"""Oracle of test/nn/utils/parametrize.test.ts."""
import torch
import torch.nn as nn
import torch.nn.utils.parametrize as P


class Symmetric(nn.Module):
    def forward(self, X):
        return X.triu() + X.triu(1).transpose(0, 1)
    def right_inverse(self, A):
        return A.triu()


class Double(nn.Module):
    def forward(self, X):
        return X * 2
    def right_inverse(self, A):
        return A / 2


class Sum(nn.Module):
    def forward(self, A, B):
        return A + B
    def right_inverse(self, X):
        return X * 0.25, X * 0.75


class Flat(nn.Module):
    def forward(self, X):
        return X.flatten()


def results():
    out = {}
    torch.manual_seed(0)
    m = nn.Linear(3, 3)
    P.register_parametrization(m, 'weight', Symmetric())
    out['repr'] = repr(m)
    out['keys'] = list(m.state_dict().keys())
    out['params'] = [n for n, _ in m.named_parameters()]
    out['modules'] = [n for n, _ in m.named_modules()]
    out['original'] = m.parametrizations.weight.original.tolist()
    out['weight'] = m.weight.tolist()
    x = torch.randn(2, 3)
    y = m(x)
    y.pow(2).sum().backward()
    out['y'] = y.tolist()
    out['gradOriginal'] = m.parametrizations.weight.original.grad.tolist()
    out['isParametrized'] = [P.is_parametrized(m), P.is_parametrized(m, 'weight'), P.is_parametrized(m, 'bias'), P.is_parametrized(nn.Linear(1, 1))]
    # Chain a second parametrization, assign through the right inverses.
    P.register_parametrization(m, 'weight', Double())
    out['chained'] = m.weight.tolist()
    out['chainedRepr'] = repr(m)
    with torch.no_grad():
        m.weight = torch.arange(9.0).reshape(3, 3)
    out['assignedOriginal'] = m.parametrizations.weight.original.tolist()
    out['assignedWeight'] = m.weight.tolist()
    # Remove, keeping the value (the same Parameter object) or the original.
    orig = m.parametrizations.weight.original
    P.remove_parametrizations(m, 'weight')
    out['removed'] = [m.weight.tolist(), m.weight is orig, list(m.state_dict().keys()), repr(m)]
    m2 = nn.Linear(2, 2)
    P.register_parametrization(m2, 'weight', Double())
    before = m2.parametrizations.weight.original.clone()
    P.remove_parametrizations(m2, 'weight', leave_parametrized=False)
    out['removedOriginal'] = torch.equal(m2.weight, before)
    # A right inverse returning two tensors: original0, original1.
    torch.manual_seed(1)
    m3 = nn.Linear(2, 2)
    P.register_parametrization(m3, 'weight', Sum())
    out['multi'] = [list(m3.state_dict().keys()), m3.parametrizations.weight.original0.tolist(), m3.weight.tolist()]
    try:
        P.remove_parametrizations(m3, 'weight', leave_parametrized=False)
    except ValueError as e:
        out['multiLeaveFalse'] = str(e)
    # A buffer can be parametrized too.
    bn = nn.BatchNorm1d(2)
    P.register_parametrization(bn, 'running_var', Double())
    out['buffer'] = [list(bn.state_dict().keys()), bn.running_var.tolist()]
    errors = {}
    for name, f in [('shape', lambda: P.register_parametrization(nn.Linear(2, 2), 'weight', Flat())),
                    ('missing', lambda: P.register_parametrization(nn.Linear(2, 2), 'nope', Double())),
                    ('notParametrized', lambda: P.remove_parametrizations(nn.Linear(2, 2), 'weight'))]:
        try:
            f()
        except ValueError as e:
            errors[name] = str(e)
    out['errors'] = errors
    un = nn.Linear(2, 2)
    P.register_parametrization(un, 'weight', Flat(), unsafe=True)
    out['unsafeShape'] = list(un.weight.shape)
    return out


def transfer():
    torch.manual_seed(3)
    a = nn.Linear(3, 3)
    P.register_parametrization(a, 'weight', Symmetric())
    P.register_parametrization(a, 'weight', Double())
    b = nn.Linear(3, 3)
    P.transfer_parametrizations_and_params(a, b)
    c = nn.Linear(3, 3)
    del c.weight
    P.transfer_parametrizations_and_params(a, c, 'weight')
    return {
        'keys': list(b.state_dict().keys()),
        'shared': b.parametrizations.weight.original is a.parametrizations.weight.original,
        'weight': b.weight.tolist(),
        'repr': repr(b),
        'c': [list(c.state_dict().keys()), c.weight.tolist()],
    }
