"""Oracle of test/nn/functional/activation.test.ts."""
import warnings

import torch
import torch.nn.functional as F

from oracles.nn.inplace_function_cases import catch, run_cases


def cases(table):
    """The test's table of function cases (see oracles/nn/inplace_function_cases.py), keyed by name."""
    return run_cases(table)


def errors():
    """PyTorch's messages for bad input the test repeats."""
    x = torch.randn(2, 3)
    return {
        'gluOdd': catch(lambda: F.glu(x)),
        'gluScalar': catch(lambda: F.glu(torch.tensor(1.0))),
        'hardtanh': catch(lambda: F.hardtanh(x, 2.0, 1.0)),
        'softshrink': catch(lambda: F.softshrink(x, -1.0)),
        'rreluLeaf': catch(lambda: F.rrelu_(torch.randn(3, requires_grad=True), training=True)),
    }


def implicit_dim_warnings():
    """The warnings of softmax, log_softmax and softmin called without dim."""
    x = torch.randn(2, 3)
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('always')
        F.softmax(x)
        F.log_softmax(x)
        F.softmin(x)
    return [str(m.message) for m in w]
