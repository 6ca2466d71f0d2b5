"""Oracle of test/nn/modules/normalization.test.ts."""
import torch


def results():
    """Normalization layers on seeded inputs."""
    nn = torch.nn
    torch.manual_seed(1)
    x = torch.randn(4, 3, 8, 8)
    ln = {'ln': nn.LayerNorm([8, 8])(x).tolist(), 'lnNoBias': nn.LayerNorm(8, bias=False)(x).tolist()}
    torch.manual_seed(11)
    x = torch.randn(2, 4, 5, 5)
    gn = nn.GroupNorm(2, 4)
    gn2 = nn.GroupNorm(4, 4, affine=False)
    return {'ln': ln, 'gn': {'gn': gn(x).tolist(), 'gn2': gn2(x).tolist()}, 'gnrepr': [repr(gn), repr(gn2)]}
