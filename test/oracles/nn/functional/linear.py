"""Oracle of test/nn/functional/linear.test.ts."""
import torch
import torch.nn.functional as F

from oracles.nn.function_cases import catch, run_cases


def cases(table):
    """The test's table of function cases (see oracles/nn/function_cases.py), keyed by name."""
    return run_cases(table)


def errors():
    """PyTorch's messages for bad input the test repeats."""
    return {
        'bilinearSize': catch(lambda: F.bilinear(torch.randn(2, 3), torch.randn(2, 4), torch.randn(5, 3, 3))),
        'groupedMmStrides': catch(lambda: F.grouped_mm(torch.randn(6, 8), torch.randn(2, 8, 3), offs=torch.tensor([2, 6], dtype=torch.int32))),
        'groupedMmOffs': _grouped_offs(),
    }


def _grouped_offs():
    torch.manual_seed(0)
    a = torch.randn(6, 8)
    b = torch.randn(2, 8, 16)
    return F.grouped_mm(a, b, offs=torch.tensor([2, 6], dtype=torch.int32)).tolist()
