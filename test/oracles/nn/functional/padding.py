"""Oracle of test/nn/functional/padding.test.ts."""
import torch
import torch.nn.functional as F

from oracles.nn.function_cases import catch, run_cases


def cases(table):
    """The test's table of function cases (see oracles/nn/function_cases.py), keyed by name."""
    return run_cases(table)


def errors():
    """PyTorch's messages for bad input the test repeats."""
    return {
        'odd': catch(lambda: F.pad(torch.randn(2, 3), [1, 2, 3])),
        'reflectBig': catch(lambda: F.pad(torch.randn(1, 2, 3), [3, 0], 'reflect')),
        'reflectValue': catch(lambda: F.pad(torch.randn(1, 2, 3), [1, 1], 'reflect', 2.0)),
        'tooMany': catch(lambda: F.pad(torch.randn(1, 2, 3), [1, 1, 1, 1, 1, 1, 1, 1])),
    }
