"""Table-driven loss cases, shared by the oracles of test/nn/modules/loss.test.ts and
test/nn/functional/loss.test.ts (test/nn/loss_cases.ts runs the same table on the TypeScript side).

A case is {'name', 'cls' or 'fn', 'args', 'kwargs', 'inputs', 'seed', 'once'}: seed the generator,
build the tensors in order (the inputs, then those in args and kwargs), construct nn.<cls>(*args,
**kwargs) and call it on the inputs, or call F.<fn>(*inputs, *args, **kwargs); then backpropagate
the sum of the output. Unless 'once', it runs once per reduction ('none', 'mean', 'sum').
"""
import torch
import torch.nn.functional as F

from oracles.nn.module_cases import snake, tuples

NAMED_FNS = {
    'cosineDistance': lambda: (lambda a, b: 1 - F.cosine_similarity(a, b)),
    'pairwiseL1': lambda: torch.nn.PairwiseDistance(1),
}
SPEC_KEYS = ('randn', 'rand', 'randint', 'sign', 'logSoftmax', 'tensor', 'fn')


def is_spec(v):
    return isinstance(v, dict) and any(k in v for k in SPEC_KEYS)


def build(spec, leaves):
    if 'fn' in spec:
        return NAMED_FNS[spec['fn']]()
    if 'randn' in spec:
        t = torch.randn(*spec['randn'])
    elif 'rand' in spec:
        t = torch.rand(*spec['rand']) + spec.get('add', 0)
    elif 'randint' in spec:
        lo, hi, shape = spec['randint']
        t = torch.randint(lo, hi, shape)
    elif 'sign' in spec:
        t = torch.randint(0, 2, spec['sign']).float() * 2 - 1
    elif 'logSoftmax' in spec:
        t = torch.randn(*spec['logSoftmax']).log_softmax(spec['dim']).detach()
    else:
        t = torch.tensor(spec['tensor'], dtype=getattr(torch, spec.get('dtype', 'float32')))
    if spec.get('grad'):
        t.requires_grad_()
        leaves.append(t)
    return t


def call_case(c, reduction):
    """Builds and calls one run of a case: (output, module or None, grad leaves)."""
    torch.manual_seed(c.get('seed', 0))
    leaves = []

    def value(v):
        return build(v, leaves) if is_spec(v) else tuples(v)
    inputs = [value(v) for v in c['inputs']]
    args = [value(v) for v in c.get('args', [])]
    kwargs = {snake(k): value(v) for k, v in c.get('kwargs', {}).items()}
    if reduction is not None:
        kwargs['reduction'] = reduction
    if 'cls' in c:
        m = getattr(torch.nn, c['cls'])(*args, **kwargs)
        return m(*inputs), m, leaves
    return getattr(F, snake(c['fn']))(*inputs, *args, **kwargs), None, leaves


def run_case(c):
    """Every run of a case, keyed by its reduction ('once' for a case run as given)."""
    out = {}
    for r in ([None] if c.get('once') else ['none', 'mean', 'sum']):
        y, m, leaves = call_case(c, r)
        res = {'out': y.tolist(), 'shape': list(y.shape)}
        y.sum().backward()
        for i, t in enumerate(leaves):
            res[f'grad{i}'] = t.grad.tolist()
        if m is not None:
            res['repr'] = repr(m)
            for name, p in m.named_parameters():
                res['param.' + name] = p.tolist()
                res['grad.' + name] = p.grad.tolist()
        out[r or 'once'] = res
    return out


def run_cases(cases):
    """Every case, keyed by name."""
    return {c['name']: run_case(c) for c in cases}


def errors(cases):
    """The message of the exception each case raises, keyed by name."""
    out = {}
    for c in cases:
        try:
            call_case(c, None)
            out[c['name']] = None
        except Exception as e:  # noqa: BLE001 - the message is the result
            out[c['name']] = str(e)
    return out
