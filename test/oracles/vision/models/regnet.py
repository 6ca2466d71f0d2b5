"""Oracle of test/vision/models/regnet.test.ts: torchvision's RegNet family (see _common.py).

BlockParams.from_init_params computes the stage widths with tensors and reads them back with
tolist(): on the meta device (where `structure` builds) it runs on the CPU instead.
"""
import torch

from oracles.vision._torchvision import torchvision  # noqa: F401
from torchvision.models import regnet as _regnet

from ._common import init_hashes, init_many, save_and_run, weights_enums  # noqa: F401
from ._common import structure as _structure

_from_init_params = _regnet.BlockParams.from_init_params.__func__


def _on_cpu(cls, *args, **kwargs):
    with torch.device('cpu'):
        return _from_init_params(cls, *args, **kwargs)


_regnet.BlockParams.from_init_params = classmethod(_on_cpu)


def structure(cases):
    """_common.structure, with BlockParams computed on the CPU."""
    return _structure(cases)


def block_params(cases):
    """BlockParams.from_init_params(**kwargs) for each kwargs: depths, widths, group widths."""
    out = []
    for kw in cases:
        p = _regnet.BlockParams.from_init_params(**kw)
        out.append({'depths': p.depths, 'widths': p.widths, 'groupWidths': p.group_widths})
    return out
