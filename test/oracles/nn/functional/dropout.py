"""Oracle of test/nn/functional/dropout.test.ts."""
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
        'p': catch(lambda: F.alpha_dropout(x, 1.5)),
        'pNegative': catch(lambda: F.dropout3d(x, -0.1)),
        'featureAlpha1d': catch(lambda: F.feature_alpha_dropout(torch.ones(4), 0.5, True)),
    }


def rank_warnings():
    """The warnings of dropout2d on 2-D and 3-D inputs and dropout3d on a 3-D input."""
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('always')
        F.dropout2d(torch.ones(2, 3))
        F.dropout2d(torch.ones(2, 3, 4))
        F.dropout3d(torch.ones(2, 3, 4))
    return [str(m.message) for m in w]
