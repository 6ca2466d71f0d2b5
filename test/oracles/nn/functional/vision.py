"""Oracle of test/nn/functional/vision.test.ts."""
import torch
import torch.nn.functional as F

from oracles.nn.function_cases import catch, run_cases


def cases(table):
    """The test's table of function cases (see oracles/nn/function_cases.py), keyed by name."""
    return run_cases(table)


def errors():
    """PyTorch's messages for bad input the test repeats."""
    return {
        'theta': catch(lambda: F.affine_grid(torch.randn(1, 3, 3), [1, 1, 2, 2], align_corners=False)),
        'theta3d': catch(lambda: F.affine_grid(torch.randn(1, 2, 3), [1, 1, 2, 2, 2], align_corners=False)),
        'sizeLen': catch(lambda: F.affine_grid(torch.randn(1, 2, 3), [1, 1, 2], align_corners=False)),
        'sizeZero': catch(lambda: F.affine_grid(torch.randn(1, 2, 3), [1, 0, 2, 2], align_corners=False)),
        'thetaInt': catch(lambda: F.affine_grid(torch.ones(1, 2, 3, dtype=torch.int64), [1, 1, 2, 2], align_corners=False)),
        'mode': catch(lambda: F.grid_sample(torch.randn(1, 1, 2, 2), torch.randn(1, 2, 2, 2), 'linear', align_corners=False)),
        'paddingMode': catch(lambda: F.grid_sample(torch.randn(1, 1, 2, 2), torch.randn(1, 2, 2, 2), padding_mode='wrap', align_corners=False)),
        'bicubic3d': catch(lambda: F.grid_sample(torch.randn(1, 1, 2, 2, 2), torch.randn(1, 2, 2, 2, 3), 'bicubic', align_corners=False)),
        'gridShape': catch(lambda: F.grid_sample(torch.randn(1, 1, 2, 2), torch.randn(1, 2, 2, 3), align_corners=False)),
    }
