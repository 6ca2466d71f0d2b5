"""Transforms, biject_to/transform_to and constraints (test/distributions/transforms.test.ts)."""
import torch
import torch.distributions as D
from torch.distributions import constraints as C

from .common import attempt, enc, make


def transforms(cases):
    """cases: {name: [transform expression, input list]}: y = t(x), t.inv(y), log|det J|, shapes, repr."""
    out = {}
    for name, (expr, x) in cases.items():
        t = make(expr)
        x = torch.tensor(x, dtype=torch.float32)
        y = t(x)
        out[name] = {
            'repr': repr(t),
            'y': enc(y),
            'inv': attempt(lambda: t.inv(y)),
            'ladj': attempt(lambda: t.log_abs_det_jacobian(x, y)),
            'invLadj': attempt(lambda: t.inv.log_abs_det_jacobian(y, x)),
            'domain': repr(t.domain),
            'codomain': repr(t.codomain),
            'bijective': t.bijective,
            'forwardShape': list(t.forward_shape(x.shape)),
            'inverseShape': list(t.inverse_shape(y.shape)),
        }
    return out


def registries(cases):
    """cases: {name: [constraint expression, input list]}: biject_to and transform_to of each, and
    whether their images of the input satisfy the constraint."""
    out = {}
    for name, (expr, x) in cases.items():
        c = make(expr)
        x = torch.tensor(x, dtype=torch.float32)
        r = {'constraint': repr(c), 'eventDim': c.event_dim, 'isDiscrete': c.is_discrete}
        for key, reg in (('biject', D.biject_to), ('transform', D.transform_to)):
            try:
                t = reg(c)
            except NotImplementedError as e:
                r[key] = {'error': str(e)}
                continue
            y = t(x)
            r[key] = {'repr': repr(t), 'y': enc(y), 'check': enc(c.check(y))}
        out[name] = r
    return out


def checks(cases):
    """cases: {name: [constraint expression, value list]}: constraint.check(value)."""
    return {name: attempt(lambda: make(expr).check(torch.tensor(v, dtype=torch.float32))) for name, (expr, v) in cases.items()}
