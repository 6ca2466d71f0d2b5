"""Oracle of test/vision/models/vision_transformer.test.ts: torchvision's vision_transformer family (see _common.py)."""
from ._common import init_hashes, init_many, save_and_run, structure, weights_enums  # noqa: F401

import os  # noqa: E402

import torch  # noqa: E402
from torch import nn  # noqa: E402

from oracles.vision._torchvision import models  # noqa: E402
from ._common import _digest  # noqa: E402


def small_with_stem(folder):
    """A small VisionTransformer with a convolutional stem and a pre-logits layer, built after
    torch.manual_seed(0): [key, shape, sha1] per state dict entry, and the paths of its saved
    state dict and of {'input', 'logits'} (eval mode, input drawn after manual_seed(1))."""
    V = models.vision_transformer
    torch.manual_seed(0)
    m = V.VisionTransformer(image_size=32, patch_size=4, num_layers=2, num_heads=2, hidden_dim=16, mlp_dim=32, num_classes=5,
                            representation_size=8, conv_stem_configs=[
                                V.ConvStemConfig(out_channels=8, kernel_size=3, stride=2),
                                V.ConvStemConfig(out_channels=8, kernel_size=3, stride=2, activation_layer=nn.Hardswish),
                            ]).eval()
    state = [[k, list(v.shape), _digest(v)] for k, v in m.state_dict().items()]
    weights = os.path.join(folder, 'small_vit.pt')
    torch.save(m.state_dict(), weights)
    torch.manual_seed(1)
    x = torch.randn(2, 3, 32, 32)
    with torch.no_grad():
        y = m(x)
    io = os.path.join(folder, 'small_vit_io.pt')
    torch.save({'input': x, 'logits': y}, io)
    return {'state': state, 'paths': [weights, io]}


def interpolate(image_size, patch_size, grid, hidden):
    """interpolate_embeddings of a (1, grid*grid + 1, hidden) position embedding holding
    arange values / 10 (and a heads entry, reset): the new embedding's shape and values, the keys."""
    pos = (torch.arange((grid * grid + 1) * hidden, dtype=torch.float32) / 10).view(1, grid * grid + 1, hidden)
    state = {'encoder.pos_embedding': pos, 'heads.head.weight': torch.zeros(2, hidden)}
    out = models.vision_transformer.interpolate_embeddings(image_size, patch_size, state, reset_heads=True)
    p = out['encoder.pos_embedding']
    return {'shape': list(p.shape), 'values': p.flatten().tolist(), 'keys': list(out)}
