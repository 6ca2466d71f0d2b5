"""Oracle of test/nn/functional.test.ts (the package of the oracles of test/nn/functional/*.test.ts: a
functional.py beside this folder would hide them)."""
import torch


def results():
    """F.interpolate and nn.Upsample."""
    nn = torch.nn
    F = nn.functional
    torch.manual_seed(4)
    x = torch.randn(2, 3, 5, 6)
    x1 = torch.randn(2, 3, 7)
    o = [
      F.interpolate(x, scale_factor=2).tolist(),
      F.interpolate(x, size=(7, 9), mode='bilinear').tolist(),
      F.interpolate(x, scale_factor=1.5, mode='bilinear', align_corners=True).tolist(),
      F.interpolate(x, scale_factor=(0.5, 1.7), mode='bicubic').tolist(),
      F.interpolate(x, scale_factor=1.7, mode='nearest', recompute_scale_factor=True).tolist(),
      F.interpolate(x, size=4, mode='nearest-exact').tolist(),
      F.interpolate(x1, scale_factor=2.5, mode='linear').tolist(),
      F.interpolate(x1, size=3).tolist(),
      nn.Upsample(scale_factor=2, mode='bilinear')(x).tolist(),
    ]
    return {'o': o, 'repr': [repr(nn.Upsample(scale_factor=2)), repr(nn.Upsample(size=(4, 5), mode='bilinear')), repr(nn.Upsample(scale_factor=(2, 3)))]}


def misc():
    """normalize along a dimension, one-hot, replicate padding"""
    F = torch.nn.functional
    torch.manual_seed(1)
    a = torch.randn(3, 4)
    return {
      'normalize': F.normalize(a, dim=0).tolist(),
      'onehot': F.one_hot(torch.tensor([0, 2, 1]), 4).tolist(),
      'pad': F.pad(a, (1, 2), mode='replicate').tolist(),
    }
