"""Shared by the oracles of the layer tests: one table-driven run of a layer, as
test/nn/layer_cases.ts runs it in Node (same draws in the same order)."""
import torch


def _lists(sd):
    return {k: (v.tolist() if not isinstance(v, torch.nn.parameter.UninitializedTensorMixin) else None) for k, v in sd.items()}


def run_case(c):
    """Constructs c['cls'](*args, **kwargs) after seeding, records its repr, state dict keys and
    initial values, optionally perturbs the parameters, runs forward on seeded inputs (c['steps']
    times, training unless c['train'] is false), backward with a seeded output gradient, then
    forward again in eval mode."""
    nn = torch.nn
    torch.manual_seed(c.get('seed', 0))
    m = getattr(nn, c['cls'])(*c.get('args', []), **c.get('kwargs', {}))
    out = {'repr': repr(m), 'keys': list(m.state_dict().keys()), 'init': _lists(m.state_dict())}
    if not c.get('inputs'):
        return out
    if not c.get('train', True):
        m.eval()
    if c.get('perturb'):
        # lazy layers: one forward first materialises them
        if isinstance(m, nn.modules.lazy.LazyModuleMixin):
            with torch.no_grad():
                m(*[torch.zeros(s) for s in c['inputs']])
        with torch.no_grad():
            for p in m.parameters():
                p.add_(torch.randn(p.shape) * 0.5)
    xs = [torch.randn(s, requires_grad=True) for s in c['inputs']]
    for _ in range(c.get('steps', 1) - 1):
        m(*xs)
    y = m(*xs)
    g = torch.randn(y.shape)
    (y * g).sum().backward()
    out['class'] = type(m).__name__
    out['reprAfter'] = repr(m)
    out['keysAfter'] = list(m.state_dict().keys())
    out['y'] = y.tolist()
    out['xgrad'] = [x.grad.tolist() for x in xs]
    out['pgrad'] = {n: p.grad.tolist() for n, p in m.named_parameters()}
    out['after'] = _lists(m.state_dict())
    m.eval()
    with torch.no_grad():
        out['yEval'] = m(*[x.detach() for x in xs]).tolist()
    return out


def run_cases(cases):
    return {name: run_case(c) for name, c in cases.items()}
