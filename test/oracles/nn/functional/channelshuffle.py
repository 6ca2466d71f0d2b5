"""Oracle of test/nn/functional/channelshuffle.test.ts."""
import torch
import torch.nn.functional as F

from oracles.nn.function_cases import catch, run_cases


def cases(table):
    """The test's table of function cases (see oracles/nn/function_cases.py), keyed by name."""
    return run_cases(table)


def errors():
    """PyTorch's messages for bad input the test repeats."""
    return {
        'groups': catch(lambda: F.channel_shuffle(torch.randn(1, 4, 2, 2), 3)),
        'zero': catch(lambda: F.channel_shuffle(torch.randn(1, 4, 2, 2), 0)),
        'nativeGroups': catch(lambda: F.native_channel_shuffle(torch.randn(1, 4, 2, 2), 3)),
    }
