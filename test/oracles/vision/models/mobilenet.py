"""Oracle of test/vision/models/mobilenet.test.ts: torchvision's mobilenet family (see _common.py)."""
from ._common import init_hashes, init_many, list_models, save_and_run, structure, weights_enums  # noqa: F401


def reprs(cases):
    """repr(model) for each [name, kwargs], built on the meta device (RegNet's widths on the CPU)."""
    from . import regnet  # noqa: F401  (patches BlockParams.from_init_params to run on the CPU)
    from ._common import _build
    import torch
    out = []
    for name, kwargs in cases:
        with torch.device('meta'):
            out.append(repr(_build(name, kwargs)))
    return out
