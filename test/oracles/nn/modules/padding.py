"""Oracle of test/nn/modules/padding.test.ts."""
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
        'circularDim': catch(lambda: nn.CircularPad2d(1)(torch.randn(2, 3))),
        'circular3dDim': catch(lambda: nn.CircularPad3d(1)(torch.randn(1, 2, 3, 4, 5, 6))),
        'reflectTooBig': catch(lambda: nn.ReflectionPad1d(4)(torch.randn(1, 2, 3))),
    }
