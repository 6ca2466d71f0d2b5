"""Oracle of test/vision/ops/fpn.test.ts: FeaturePyramidNetwork (with its extra blocks) and
MultiScaleRoIAlign, straight from torchvision.

MultiScaleRoIAlign calls roi_align, whose C++ kernel does not load here; torchvision then uses
its pure-PyTorch `_roi_align` through torch.compile. The oracle calls that Python function
uncompiled (same numbers, no compiler needed); the boxes stay inside the feature maps, where it
agrees with the kernel.
"""
import sys

import torch
from torch import nn

from oracles.vision._torchvision import ops
from torchvision.ops.feature_pyramid_network import LastLevelMaxPool, LastLevelP6P7
from torchvision.ops.poolers import LevelMapper

_ra = sys.modules['torchvision.ops.roi_align']
_ra._roi_align = _ra._roi_align.__wrapped__


def _fpn(kind):
    if kind == 'plain':
        return ops.FeaturePyramidNetwork([8, 16, 32], 6)
    if kind == 'maxpool':
        return ops.FeaturePyramidNetwork([8, 16, 32], 6, extra_blocks=LastLevelMaxPool())
    if kind == 'p6p7':
        return ops.FeaturePyramidNetwork([8, 16, 32], 6, extra_blocks=LastLevelP6P7(32, 6))
    if kind == 'p6p7_p5':
        return ops.FeaturePyramidNetwork([8, 16, 32], 6, extra_blocks=LastLevelP6P7(6, 6))
    if kind == 'bn':
        return ops.FeaturePyramidNetwork([8, 16, 32], 6, norm_layer=nn.BatchNorm2d)
    raise ValueError(kind)


def fpn(kind):
    """Weights after torch.manual_seed(0) construction, outputs and input gradients on seeded maps."""
    torch.manual_seed(0)
    m = _fpn(kind)
    state = {k: v.tolist() for k, v in m.state_dict().items()}
    torch.manual_seed(1)
    xs = [torch.randn(2, 8, 20, 24), torch.randn(2, 16, 10, 12), torch.randn(2, 32, 5, 6)]
    xs = [x.requires_grad_() for x in xs]
    out = m({'c2': xs[0], 'c3': xs[1], 'c4': xs[2]})
    sum(o.square().sum() for o in out.values()).backward()
    return {'repr': repr(m), 'state': state, 'keys': list(state), 'x': [x.tolist() for x in xs],
            'out': [[k, v.shape[1:], v.tolist()] for k, v in out.items()], 'grads': [x.grad.tolist() for x in xs]}


def multiscale():
    """MultiScaleRoIAlign over three levels (a fourth map ignored by name), boxes of every level, two images."""
    torch.manual_seed(2)
    m = ops.MultiScaleRoIAlign(['feat3', 'feat2', 'feat1'], 3, 2, canonical_scale=112)
    x = {'feat1': torch.randn(2, 4, 64, 48), 'feat2': torch.randn(2, 4, 32, 24), 'feat3': torch.randn(2, 4, 16, 12),
         'feat4': torch.randn(2, 4, 8, 6)}
    sizes = torch.tensor([[4.0, 5.0], [40.0, 30.0], [100.0, 90.0], [200.0, 150.0], [20.0, 10.0], [150.0, 180.0]])
    boxes = []
    for _ in range(2):
        xy = torch.rand(6, 2) * torch.tensor([180.0, 250.0]) * 0.5
        boxes.append(torch.cat([xy, torch.minimum(xy + sizes, torch.tensor([191.0, 255.0]))], 1))
    feats = {k: v.clone().requires_grad_() for k, v in x.items()}
    y = m(feats, boxes, [(256, 192), (250, 190)])
    g = torch.randn(y.shape)
    (y * g).sum().backward()
    single = ops.MultiScaleRoIAlign(['feat2'], (2, 3), -1)
    y1 = single(x, boxes, [(256, 192)])
    return {'x': {k: v.tolist() for k, v in x.items()}, 'boxes': [b.tolist() for b in boxes], 'y': y.tolist(), 'g': g.tolist(),
            'grads': {k: v.grad.tolist() for k, v in feats.items() if v.grad is not None}, 'scales': m.scales,
            'levels': m.map_levels(boxes).tolist(), 'k': [m.map_levels.k_min, m.map_levels.k_max],
            'single': y1.tolist(), 'single_scales': single.scales, 'repr': repr(m), 'single_repr': repr(single),
            'mapper': LevelMapper(2, 5)([torch.tensor([[0.0, 0.0, 32.0, 32.0], [0.0, 0.0, 600.0, 600.0], [0.0, 0.0, 112.0, 112.0]])]).tolist()}
