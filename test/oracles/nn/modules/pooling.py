"""Oracle of test/nn/modules/pooling.test.ts."""
import torch

from oracles.nn.module_cases import run_cases, snake, tuples
from oracles.nn.function_cases import catch


def results():
    """Pooling layers on seeded inputs."""
    nn = torch.nn
    torch.manual_seed(1)
    x = torch.randn(4, 3, 8, 8)
    p2 = {
      'maxpool': nn.MaxPool2d(3, 2, 1)(x).tolist(),
      'avgpool': nn.AvgPool2d(2)(x).tolist(),
      'avgpoolCeil': nn.AvgPool2d(3, stride=2, ceil_mode=True, count_include_pad=False)(x).tolist(),
      'adapool': nn.AdaptiveAvgPool2d((3, None))(x).tolist(),
    }
    torch.manual_seed(11)
    x1 = torch.randn(2, 3, 11)
    mp = nn.MaxPool1d(3, 2, 1)
    ap = nn.AvgPool1d(3, stride=2, ceil_mode=True, count_include_pad=False)
    p1 = {'mp': mp(x1).tolist(), 'ap': ap(x1).tolist()}
    torch.manual_seed(12)
    x = torch.randn(2, 3, 7, 5)
    amp = nn.AdaptiveMaxPool2d((2, None))
    out, idx = nn.functional.adaptive_max_pool2d(x, 3, return_indices=True)
    ad = {'amp': amp(x).tolist(), 'ampIdx': idx.tolist()}
    return {'p2': p2, 'p1': p1, 'p1repr': [repr(mp), repr(ap)], 'ad': ad, 'adrepr': repr(amp)}


def cases(table):
    """The table of module cases (test/nn/module_cases.ts)."""
    return run_cases(table)


def with_indices(table):
    """Layers whose forward returns (output, indices): both, the input gradient and the repr."""
    out = {}
    for c in table:
        torch.manual_seed(c.get('seed', 0))
        m = getattr(torch.nn, c['cls'])(*[tuples(a) for a in c.get('args', [])], **{snake(k): tuples(v) for k, v in c.get('kwargs', {}).items()})
        x = torch.randn(*c['input']).requires_grad_()
        y, idx = m(x)
        y.backward(torch.randn_like(y))
        out[c['name']] = {'out': y.tolist(), 'indices': idx.tolist(), 'inputGrad': x.grad.tolist(), 'repr': repr(m)}
    return out


def unpool():
    """MaxUnpool1d/2d/3d after MaxPool with indices, with and without output_size, and its gradient."""
    nn = torch.nn
    res = {}
    for i, (n, shape, size) in enumerate( [(1, (2, 3, 9), [9]), (1, (2, 3, 8), None), (2, (2, 3, 5, 7), [2, 3, 5, 7]), (3, (1, 2, 5, 4, 6), None)]):
        torch.manual_seed(20 + i)
        x = torch.randn(*shape)
        pool = getattr(nn, f'MaxPool{n}d')(2, stride=2, return_indices=True)
        un = getattr(nn, f'MaxUnpool{n}d')(2, stride=2)
        y, idx = pool(x)
        y = y.detach().requires_grad_()
        a = un(y, idx) if size is None else un(y, idx, size)
        g = torch.randn_like(a)
        a.backward(g)
        res[i] = {'out': a.tolist(), 'grad': y.grad.tolist(), 'repr': repr(un)}
    un = nn.MaxUnpool2d(2)
    y, idx = nn.MaxPool2d(2, return_indices=True)(torch.randn(1, 1, 4, 4))
    res['badSize'] = catch(lambda: un(y, idx, [7, 4]))
    res['badLen'] = catch(lambda: un(y, idx, [1, 4, 4]))
    return res


def fractional():
    """FractionalMaxPool2d/3d: windows from torch.rand in forward (same seed), or from _random_samples;
    state_dict keys; constructor errors."""
    nn = torch.nn
    torch.manual_seed(5)
    x = torch.randn(2, 3, 9, 9)
    m = nn.FractionalMaxPool2d(3, output_size=4)
    a = m(x)
    b = m(x)
    samples = torch.rand(2, 3, 2)
    fixed = nn.FractionalMaxPool2d(2, output_ratio=0.5, return_indices=True, _random_samples=samples)
    fo, fi = fixed(x)
    x3 = torch.randn(1, 2, 6, 7, 8)
    m3 = nn.FractionalMaxPool3d(2, output_ratio=(0.5, 0.5, 0.6))
    c = m3(x3)
    return {
        'a': a.tolist(), 'b': b.tolist(), 'fixed': fo.tolist(), 'fixedIdx': fi.tolist(), 'c': c.tolist(),
        'keys': list(m.state_dict().keys()), 'fixedKeys': list(fixed.state_dict().keys()), 'repr': repr(m),
        'errors': [
            catch(lambda: nn.FractionalMaxPool2d(2)),
            catch(lambda: nn.FractionalMaxPool2d(2, output_size=3, output_ratio=0.5)),
            catch(lambda: nn.FractionalMaxPool2d(2, output_ratio=1.5)),
            catch(lambda: nn.FractionalMaxPool3d(0, output_size=2)),
        ],
    }
