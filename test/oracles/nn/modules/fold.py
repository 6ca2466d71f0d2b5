"""Oracle of test/nn/modules/fold.test.ts."""
import torch

from oracles.nn.function_cases import catch
from oracles.nn.module_cases import run_cases


def cases(table):
    """The test's table of module cases (see oracles/nn/module_cases.py), keyed by name."""
    return run_cases(table)


def errors():
    """PyTorch's messages for bad input the test repeats."""
    nn = torch.nn
    return {
        'foldBlocks': catch(lambda: nn.Fold([4, 5], 2)(torch.randn(1, 12, 10))),
        'unfoldDim': catch(lambda: nn.Unfold(2)(torch.randn(2, 3))),
    }
