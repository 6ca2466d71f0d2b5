"""Oracle of test/vision/models/resnet.test.ts: torchvision's ResNet family (see _common.py)."""
from ._common import init_hashes, init_many, save_and_run, structure, weights_enums  # noqa: F401


def group_norm_init(seed):
    """torch.manual_seed(seed); resnet18(num_classes=5, norm_layer=lambda c: nn.GroupNorm(32, c)): [key, sha1] per entry."""
    import hashlib

    import torch
    from oracles.vision._torchvision import models

    torch.manual_seed(seed)
    m = models.resnet18(num_classes=5, norm_layer=lambda c: torch.nn.GroupNorm(32, c))
    return [[k, hashlib.sha1(v.contiguous().numpy().tobytes()).hexdigest()] for k, v in m.state_dict().items()]


def errors():
    """torchvision's messages for the options BasicBlock and ResNet reject."""
    from oracles.vision._torchvision import models
    out = []
    for kwargs in [{'replace_stride_with_dilation': [False, True, True]}, {'groups': 2}, {'replace_stride_with_dilation': [True]}]:
        try:
            models.resnet18(**kwargs)
            out.append(None)
        except (ValueError, NotImplementedError) as e:
            out.append(str(e))
    return out
