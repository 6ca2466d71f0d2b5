"""Oracle of test/nn/functional/upsampling.test.ts."""
import torch
import torch.nn.functional as F

from oracles.nn.function_cases import catch, run_cases


def cases(table):
    """The test's table of function cases (see oracles/nn/function_cases.py), keyed by name."""
    return run_cases(table)


def errors():
    """PyTorch's messages for bad input the test repeats."""
    x4 = torch.randn(1, 1, 4, 4)
    return {
        'both': catch(lambda: F.interpolate(x4, size=2, scale_factor=2)),
        'neither': catch(lambda: F.interpolate(x4)),
        'sizeLen': catch(lambda: F.interpolate(x4, size=[2, 2, 2])),
        'scaleLen': catch(lambda: F.interpolate(x4, scale_factor=[2.0])),
        'recompute': catch(lambda: F.interpolate(x4, size=2, recompute_scale_factor=True)),
        'antialias': catch(lambda: F.interpolate(x4, size=2, mode='nearest', antialias=True)),
        'lanczosAlign': catch(lambda: F.interpolate(x4, size=2, mode='lanczos', align_corners=True, antialias=True)),
        'lanczosAa': catch(lambda: F.interpolate(x4, size=2, mode='lanczos')),
        'trilinear4d': catch(lambda: F.interpolate(x4, size=2, mode='trilinear')),
        'linear4d': catch(lambda: F.interpolate(x4, size=2, mode='linear')),
        'twoD': catch(lambda: F.interpolate(torch.randn(3, 4), size=2)),
        'areaAlign': catch(lambda: F.interpolate(x4, size=2, mode='area', align_corners=False)),
    }
