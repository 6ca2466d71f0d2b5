"""Oracle of test/nn/modules/flatten.test.ts."""
import torch

from oracles.nn.unary_layer_cases import catch, run_cases


def cases(table):
    """The test's table of layer cases (see oracles/nn/unary_layer_cases.py), keyed by name."""
    return run_cases(table)


def errors():
    """PyTorch's messages for bad input the test repeats."""
    nn = torch.nn
    return {
        'unflattenSize': catch(lambda: nn.Unflatten(1, (2, 4))(torch.zeros(2, 6))),
        'flattenDim': catch(lambda: nn.Flatten(3)(torch.zeros(2, 6))),
    }
