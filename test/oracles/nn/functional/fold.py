"""Oracle of test/nn/functional/fold.test.ts."""
import torch
import torch.nn.functional as F

from oracles.nn.function_cases import catch, run_cases


def cases(table):
    """The test's table of function cases (see oracles/nn/function_cases.py), keyed by name."""
    return run_cases(table)


def errors():
    """PyTorch's messages for bad input the test repeats."""
    return {
        'foldBlocks': catch(lambda: F.fold(torch.randn(1, 12, 10), [4, 5], 2)),
        'foldChannels': catch(lambda: F.fold(torch.randn(1, 10, 12), [4, 5], 2)),
        'unfoldDim': catch(lambda: F.unfold(torch.randn(2, 3), 2)),
    }
