"""Oracle of test/nn/modules/upsampling.test.ts."""
import torch

from oracles.nn.function_cases import catch
from oracles.nn.module_cases import run_cases


def cases(table):
    """The test's table of module cases (see oracles/nn/module_cases.py), keyed by name."""
    return run_cases(table)


def reprs():
    """Reprs of layers built with each kind of size and scale."""
    nn = torch.nn
    return [repr(m) for m in [nn.Upsample(scale_factor=2), nn.Upsample(size=(4, 5), mode='bilinear'), nn.Upsample(scale_factor=(2, 3)),
                              nn.Upsample(7, None, 'linear', True), nn.Upsample(scale_factor=0, size=3), nn.UpsamplingNearest2d(scale_factor=2),
                              nn.UpsamplingBilinear2d((3, 4)), nn.Upsample(scale_factor=(1.5, 2, 2.5), mode='trilinear')]]


def errors():
    """PyTorch's messages for bad input the test repeats."""
    nn = torch.nn
    return {
        'alignNearest': catch(lambda: nn.Upsample(scale_factor=2, align_corners=True)(torch.randn(1, 1, 2, 2))),
        'bilinear3d': catch(lambda: nn.UpsamplingBilinear2d(scale_factor=2)(torch.randn(1, 1, 2))),
    }
