"""Oracle of test/nn/modules/linear.test.ts."""
import torch

from .layer_cases import run_cases  # noqa: F401  (the table-driven cases)


def results():
    """Linear and Identity (same seed, default init)."""
    nn = torch.nn
    torch.manual_seed(1)
    a = torch.randn(3, 4)
    return nn.Linear(4, 2)(a).tolist()


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
    out['in1'] = msg(lambda: nn.Bilinear(0, 2, 3))
    out['mismatch'] = msg(lambda: nn.Bilinear(2, 3, 4)(torch.zeros(5, 2), torch.zeros(5, 4)))
    return out
