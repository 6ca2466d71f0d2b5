"""Oracle of test/nn/functional/distance.test.ts."""
import torch
import torch.nn.functional as F

from oracles.nn.inplace_function_cases import catch, run_cases


def cases(table):
    """The test's table of function cases (see oracles/nn/inplace_function_cases.py), keyed by name."""
    return run_cases(table)


def errors():
    """PyTorch's messages for bad input the test repeats."""
    return {
        'pdist3d': catch(lambda: F.pdist(torch.randn(2, 3, 4))),
        'pdistP': catch(lambda: F.pdist(torch.randn(3, 4), -1.0)),
    }
