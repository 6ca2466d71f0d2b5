"""Every distribution of torch.distributions: draws after a seed, and the values of its methods
at those draws (test/distributions/distributions.test.ts)."""
import torch
import torch.distributions as D

from .common import attempt, enc, make


def results(cases):
    """cases: {name: [constructor expression, sample shape, extra points for cdf/icdf or None]}."""
    out = {}
    for name, (expr, shape, probe) in cases.items():
        d = make(expr)
        rep = repr(d)
        torch.manual_seed(0)
        sample = d.sample(tuple(shape))
        torch.manual_seed(1)
        rsample = attempt(lambda: d.rsample(tuple(shape))) if d.has_rsample else None
        r = {
            'repr': rep,
            'batchShape': list(d.batch_shape),
            'eventShape': list(d.event_shape),
            'sample': enc(sample),
            'rsample': rsample,
            'logProb': attempt(lambda: d.log_prob(sample)),
            'entropy': attempt(d.entropy),
            'mean': attempt(lambda: d.mean),
            'mode': attempt(lambda: d.mode),
            'variance': attempt(lambda: d.variance),
            'stddev': attempt(lambda: d.stddev),
            'support': repr(d.support) if not isinstance(d.support, type(None)) else None,
            'enumerate': attempt(d.enumerate_support) if d.has_enumerate_support else None,
        }
        e = d.expand([2] + list(d.batch_shape))
        torch.manual_seed(2)
        r['expanded'] = {'repr': repr(e), 'batchShape': list(e.batch_shape), 'sample': enc(e.sample())}
        r['perplexity'] = attempt(d.perplexity)
        if probe is not None:
            p = torch.tensor(probe)
            r['cdf'] = attempt(lambda: d.cdf(p))
            q = torch.tensor([0.1, 0.5, 0.9]).reshape([3] + [1] * len(d.batch_shape))
            r['icdf'] = attempt(lambda: d.icdf(q))
        out[name] = r
    return out


def errors(cases):
    """cases: {name: statement}: the error each statement raises, as 'ClassName: message' (None if none)."""
    out = {}
    for name, stmt in cases.items():
        D.Distribution.set_default_validate_args(True)
        try:
            make(stmt)
            out[name] = None
        except Exception as e:  # noqa: BLE001 - the test compares the error
            out[name] = type(e).__name__ + ': ' + str(e)
    D.Distribution.set_default_validate_args(True)
    return out


def gradients(cases):
    """cases: {name: [function expression of the parameters, parameter lists, sample shape]}: the
    gradients of rsample(shape).sum() with respect to each parameter, after seed 0."""
    out = {}
    for name, (expr, params, shape) in cases.items():
        ps = [torch.tensor(p, dtype=torch.float32, requires_grad=True) for p in params]
        torch.manual_seed(0)
        make(expr)(*ps).rsample(tuple(shape)).sum().backward()
        out[name] = [enc(p.grad) for p in ps]
    return out


def public_names():
    """torch.distributions.__all__."""
    return list(D.__all__)
