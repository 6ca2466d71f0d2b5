"""Oracle of test/nn/functional/pooling.test.ts."""
import torch
import torch.nn.functional as F

from oracles.nn.function_cases import catch, run_cases
from oracles.nn.module_cases import snake, tuples


def cases(table):
    """The test's table of function cases (see oracles/nn/function_cases.py), keyed by name."""
    return run_cases(table)


def with_indices(table):
    """Function cases whose result is (output, indices): both, and the input gradient."""
    out = {}
    for c in table:
        torch.manual_seed(c.get('seed', 0))
        x = torch.randn(*c['args'][0]['randn']).requires_grad_()
        y, idx = getattr(F, snake(c['fn']))(x, *[tuples(a) for a in c['args'][1:]], **{snake(k): tuples(v) for k, v in c.get('kwargs', {}).items()})
        y.backward(torch.randn_like(y))
        out[c['name']] = {'out': y.tolist(), 'indices': idx.tolist(), 'grad': x.grad.tolist()}
    return out


def specials():
    """lp pooling with p = +-inf, max unpooling after max pooling, fractional pooling with given samples."""
    torch.manual_seed(9)
    x = torch.randn(2, 3, 6, 6, requires_grad=True)
    inf = F.lp_pool2d(x, float('inf'), 2)
    inf.backward(torch.ones_like(inf))
    x1 = torch.randn(2, 3, 8)
    ninf = F.lp_pool1d(x1, -float('inf'), 3, stride=2)
    res = {'inf': inf.tolist(), 'infGrad': x.grad.tolist(), 'ninf': ninf.tolist()}
    y, idx = F.max_pool1d(x1, 2, return_indices=True)
    res['unpool1d'] = F.max_unpool1d(y, idx, 2).tolist()
    x3 = torch.randn(1, 2, 4, 4, 4)
    y3, idx3 = F.max_pool3d(x3, 2, stride=2, return_indices=True)
    res['unpool3d'] = F.max_unpool3d(y3, idx3, 2, output_size=[1, 2, 5, 4, 5]).tolist()
    samples = torch.rand(2, 3, 2)
    res['fracFixed'] = F.fractional_max_pool2d(x.detach(), 2, output_ratio=(0.5, 0.7), _random_samples=samples).tolist()
    return res


def errors():
    """PyTorch's messages for bad input the test repeats."""
    x = torch.randn(1, 2, 4, 4)
    return {
        'fracNone': catch(lambda: F.fractional_max_pool2d(x, 2)),
        'pad': catch(lambda: F.max_pool2d(x, 2, padding=2)),
        'unpoolLen': catch(lambda: F.max_unpool2d(x, x.long(), 2, output_size=[1, 8])),
        'adaptiveDim': catch(lambda: F.adaptive_avg_pool2d(torch.randn(4), (2, None))),
    }
