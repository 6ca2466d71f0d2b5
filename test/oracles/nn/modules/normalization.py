"""Oracle of test/nn/modules/normalization.test.ts."""
import torch

from .layer_cases import run_cases  # noqa: F401  (the table-driven cases)


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


def errors():
    """PyTorch's messages for bad inputs."""
    nn = torch.nn
    out = {}
    def msg(f):
        try:
            f()
        except Exception as e:  # noqa: BLE001
            return str(e)
        return None
    out['lrnDim'] = msg(lambda: nn.LocalResponseNorm(2)(torch.zeros(2, 3)))
    out['crossDim'] = msg(lambda: nn.CrossMapLRN2d(3)(torch.zeros(2, 3, 4)))
    out['rmsShape'] = msg(lambda: nn.RMSNorm(4)(torch.zeros(2, 3)))
    out['gnDivisible'] = msg(lambda: nn.GroupNorm(3, 4))
    return out
