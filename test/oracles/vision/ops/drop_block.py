"""Oracle of test/vision/ops/drop_block.test.ts: torchvision.ops.drop_block2d/3d and their modules."""
import torch

from oracles.vision._torchvision import ops


def results():
    """Outputs after torch.manual_seed(0) for each case, in order (the draws follow one another)."""
    torch.manual_seed(0)
    x2 = torch.randn(2, 3, 9, 11)
    x3 = torch.randn(2, 2, 5, 6, 7)
    out = {'x2': x2.tolist(), 'x3': x3.tolist()}
    torch.manual_seed(0)
    out['d2'] = [ops.drop_block2d(x2, p, b).tolist() for p, b in ((0.1, 3), (0.5, 5), (0.3, 1), (0.9, 15), (0.2, 3))]
    out['d2_eps'] = ops.drop_block2d(x2, 0.3, 3, eps=0.5).tolist()
    out['d2_eval'] = ops.drop_block2d(x2, 0.3, 3, training=False).tolist()
    out['d3'] = [ops.drop_block3d(x3, p, b).tolist() for p, b in ((0.1, 3), (0.4, 5))]
    m = ops.DropBlock2d(0.25, 3)
    out['m2'] = m(x2).tolist()
    m3 = ops.DropBlock3d(0.25, 3, inplace=True)
    y = x3.clone()
    m3(y)
    out['m3_inplace'] = y.tolist()
    out['reprs'] = [repr(m), repr(m3)]
    for args in ((x2, 1.5, 3), (x2[0], 0.1, 3), (x2, 0.1, 4)):
        try:
            ops.drop_block2d(*args)
        except ValueError as e:
            out.setdefault('errors', []).append(str(e))
    return out
