"""Oracle of test/nn/modules/pixelshuffle.test.ts."""
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
        'shuffle': catch(lambda: nn.PixelShuffle(2)(torch.randn(1, 3, 2, 2))),
        'unshuffle': catch(lambda: nn.PixelUnshuffle(2)(torch.randn(1, 1, 3, 4))),
    }
