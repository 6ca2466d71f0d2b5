"""Oracle of test/nn/functional/conv.test.ts."""
import torch
import torch.nn.functional as F

from oracles.nn.function_cases import catch, run_cases


def cases(table):
    """The test's table of function cases (see oracles/nn/function_cases.py), keyed by name."""
    return run_cases(table)


def errors():
    """PyTorch's messages for bad input the test repeats."""
    return {
        'tbcBias': catch(lambda: F.conv_tbc(torch.randn(3, 2, 4), torch.randn(2, 4, 5), torch.randn(4))),
        'groups': catch(lambda: F.conv_transpose3d(torch.randn(1, 3, 2, 2, 2), torch.randn(3, 2, 1, 1, 1), groups=2)),
        'channels': catch(lambda: F.conv3d(torch.randn(1, 3, 2, 2, 2), torch.randn(2, 2, 1, 1, 1))),
    }
