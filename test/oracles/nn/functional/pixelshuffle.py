"""Oracle of test/nn/functional/pixelshuffle.test.ts."""
import torch
import torch.nn.functional as F

from oracles.nn.function_cases import catch, run_cases


def cases(table):
    """The test's table of function cases (see oracles/nn/function_cases.py), keyed by name."""
    return run_cases(table)


def errors():
    """PyTorch's messages for bad input the test repeats."""
    return {
        'shuffle': catch(lambda: F.pixel_shuffle(torch.randn(1, 3, 2, 2), 2)),
        'shuffle2d': catch(lambda: F.pixel_shuffle(torch.randn(4, 2), 2)),
        'unshuffle': catch(lambda: F.pixel_unshuffle(torch.randn(1, 1, 4, 3), 2)),
        'factor': catch(lambda: F.pixel_shuffle(torch.randn(1, 4, 2, 2), 0)),
    }
