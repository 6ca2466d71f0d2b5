"""Oracle of test/vision/models/efficientnet.test.ts: torchvision's efficientnet family (see _common.py)."""
from ._common import init_hashes, init_many, save_and_run, structure, weights_enums  # noqa: F401

import os  # noqa: E402

import torch  # noqa: E402

from ._common import _build  # noqa: E402


def save_and_run_train(name, kwargs, seed, input_shape, folder):
    """As save_and_run, but the forward runs in train mode after torch.manual_seed(seed + 2), so
    stochastic depth and dropout draw from a known state."""
    torch.manual_seed(seed)
    m = _build(name, kwargs)
    weights = os.path.join(folder, f'{name}_train.pt')
    torch.save(m.state_dict(), weights)
    torch.manual_seed(seed + 1)
    x = torch.randn(*input_shape)
    torch.manual_seed(seed + 2)
    with torch.no_grad():
        y = m.train()(x)
    io = os.path.join(folder, f'{name}_train_io.pt')
    torch.save({'input': x, 'logits': y}, io)
    return [weights, io]
