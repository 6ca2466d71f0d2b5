"""Oracle of test/nn/modules/lazy.test.ts."""
import copy

import torch

from .layer_cases import run_cases  # noqa: F401  (the table-driven cases)


def behaviour():
    """Lazy modules around their first forward: class checks, state dict loading into a lazy module, errors."""
    nn = torch.nn
    out = {}
    torch.manual_seed(0)
    src = nn.Linear(3, 2)
    lazy = nn.LazyLinear(2)
    lazy.load_state_dict(src.state_dict())
    out['loadedRepr'] = repr(lazy)
    out['loadedLazy'] = isinstance(lazy, nn.modules.lazy.LazyModuleMixin)
    out['loadedWeight'] = lazy.weight.tolist()
    out['loadedClass'] = type(lazy).__name__
    out['uninitRepr'] = repr(nn.LazyLinear(2).weight)
    out['bufRepr'] = repr(nn.LazyBatchNorm1d().running_mean)
    try:
        nn.LazyLinear(2).weight.shape
    except RuntimeError as e:
        out['shapeError'] = str(e)
    try:
        nn.LazyConv2d(4, 3)(torch.zeros(2, 3))
    except RuntimeError as e:
        out['convDim'] = str(e)
    try:
        nn.LazyConv2d(4, 3, groups=2)(torch.zeros(1, 3, 5, 5))
    except ValueError as e:
        out['groups'] = str(e)
    p = nn.parameter.UninitializedParameter()
    p.materialize((2, 3))
    out['materialized'] = [type(p).__name__, list(p.shape), p.requires_grad]
    b = nn.parameter.UninitializedBuffer()
    b.materialize(4)
    out['bufMaterialized'] = [type(b).__name__, list(b.shape), b.requires_grad]
    return out


def copies_and_casts():
    """A lazy model deep-copied, and one cast to float64, before their first forward."""
    nn = torch.nn
    torch.manual_seed(4)
    seq = nn.Sequential(nn.LazyLinear(3), nn.ReLU(), nn.LazyLinear(2))
    c = copy.deepcopy(seq)
    x = torch.randn(5, 4)
    y = c(x)
    out = {'copyRepr': repr(c), 'copyY': y.tolist(), 'copyWeight': c[0].weight.tolist(),
           'originalLazy': isinstance(seq[0], nn.modules.lazy.LazyModuleMixin)}
    d = nn.Sequential(nn.LazyLinear(2), nn.LazyBatchNorm1d()).double()
    z = d(torch.randn(3, 4, dtype=torch.float64))
    out['doubleY'] = z.tolist()
    out['doubleDtypes'] = [str(t.dtype).replace('torch.', '') for t in d.state_dict().values()]
    return out
