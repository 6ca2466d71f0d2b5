"""Oracle of test/nn/modules/instancenorm.test.ts."""
import warnings

import torch

from .layer_cases import run_cases  # noqa: F401  (the table-driven cases)


def errors():
    """PyTorch's messages for bad inputs, and the warning for a channel count affine=False ignores."""
    nn = torch.nn
    out = {}
    def msg(f):
        try:
            f()
        except Exception as e:  # noqa: BLE001
            return str(e)
        return None
    out['dim'] = msg(lambda: nn.InstanceNorm2d(3)(torch.zeros(3, 4)))
    out['affine'] = msg(lambda: nn.InstanceNorm1d(3, affine=True)(torch.zeros(2, 4, 5)))
    out['spatial'] = msg(lambda: nn.InstanceNorm1d(3)(torch.zeros(2, 3, 1)))
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('always')
        nn.InstanceNorm1d(3)(torch.zeros(2, 4, 5))
    out['warning'] = str(w[0].message)
    m = nn.InstanceNorm1d(3)
    out['load'] = msg(lambda: m.load_state_dict({'running_mean': torch.zeros(3), 'running_var': torch.ones(3)}))
    return out
