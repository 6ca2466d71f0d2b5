"""Oracle of test/vision/datasets/fakedata.test.ts: torchvision's FakeData items (per-index seeding,
ToPILImage of the float image) and the global random state around them."""
import numpy as np
import torch

from .._torchvision import datasets


def items(size, image_size, num_classes, random_offset, indices):
    ds = datasets.FakeData(size=size, image_size=tuple(image_size), num_classes=num_classes, random_offset=random_offset)
    out = []
    for i in indices:
        img, target = ds[i]
        a = np.asarray(img)
        if a.ndim == 2:
            a = a[:, :, None]
        out.append({'mode': img.mode, 'size': list(img.size), 'data': a.transpose(2, 0, 1).flatten().tolist(), 'target': target})
    return {'items': out, 'repr': repr(ds)}


def rng_restored(seed):
    """torch.rand after seeding and reading an item equals torch.rand after seeding alone."""
    ds = datasets.FakeData(size=4, image_size=(3, 4, 4))
    torch.manual_seed(seed)
    ds[2]
    return torch.rand(3).tolist()
