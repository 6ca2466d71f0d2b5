"""Oracle of test/nn/modules/activation.test.ts."""
import warnings

import torch

from oracles.nn.unary_layer_cases import catch, run_cases


def results():
    """Activations on seeded inputs, as the test computes them."""
    nn = torch.nn
    torch.manual_seed(1)
    a = torch.randn(3, 4)
    acts = [m(a).tolist() for m in [nn.ReLU(), nn.LeakyReLU(0.2), nn.ELU(0.5), nn.SELU(), nn.GELU(), nn.GELU(approximate='tanh'),
       nn.SiLU(), nn.Mish(), nn.Sigmoid(), nn.Tanh(), nn.Softplus(2.0, 1.0), nn.Softmax(dim=0), nn.LogSoftmax(dim=1), nn.Softmax(),
       nn.Hardtanh(-0.5, 0.5), nn.PReLU(), nn.PReLU(4, 0.1)]]
    torch.manual_seed(11)
    x1 = torch.randn(2, 3, 11)
    more = [nn.ReLU6(), nn.LogSigmoid(), nn.Hardswish(), nn.ReLU6(inplace=True)]
    torch.manual_seed(12)
    b = torch.randn(4, 6)
    return {
      'acts': acts,
      'more': [m(x1.clone()).tolist() for m in more], 'moreRepr': [repr(m) for m in more],
      'softmin': nn.Softmin(dim=1)(b).tolist(), 'softminRepr': repr(nn.Softmin(1)),
    }



def cases(table):
    """The test's table of layer cases (see oracles/nn/unary_layer_cases.py), keyed by name."""
    return run_cases(table)


def errors():
    """PyTorch's messages for bad input the test repeats."""
    nn = torch.nn
    return {
        'softmax2d': catch(lambda: nn.Softmax2d()(torch.randn(2, 3))),
        'glu': catch(lambda: nn.GLU()(torch.randn(2, 3))),
        'softshrink': catch(lambda: nn.Softshrink(-1.0)(torch.randn(2, 3))),
    }


def hardtanh_deprecated():
    """Hardtanh's deprecated min_value/max_value keywords: the values taken and the warnings."""
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('always')
        h = torch.nn.Hardtanh(min_value=-2.5, max_value=3.5)
    return {'values': [h.min_val, h.max_val], 'warnings': [[str(m.message), m.category.__name__] for m in w]}
