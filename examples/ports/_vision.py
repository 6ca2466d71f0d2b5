"""The part of torchvision the ported programs use, for a python3 without torchvision.

datasets.MNIST / FashionMNIST read the four IDX files (gzipped or not) from `root` or
`root/<Class>/raw`, as torchvision's do, and return (image, label) with the image as a
(1, 28, 28) uint8 tensor standing for torchvision's PIL image; transforms.ToTensor turns it into
floats in [0, 1] exactly as torchvision's ToTensor does for a PIL 'L' image (divide by 255).
Nothing is downloaded: `download=True` is accepted and ignored when the files are present.
"""
import gzip
import os

import numpy as np
import torch


def _read_idx(path):
    opener = gzip.open if path.endswith('.gz') else open
    with opener(path, 'rb') as f:
        data = f.read()
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], 'big') for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def _find(root, cls, base):
    for folder in (root, os.path.join(root, cls, 'raw')):
        for name in (base + '.gz', base):
            if os.path.exists(os.path.join(folder, name)):
                return os.path.join(folder, name)
    raise RuntimeError(f'{cls}: {base} not found in {root}')


class datasets:
    class MNIST(torch.utils.data.Dataset):
        def __init__(self, root, train=True, transform=None, target_transform=None, download=False):
            prefix = 'train' if train else 't10k'
            cls = type(self).__name__
            self.data = torch.from_numpy(_read_idx(_find(root, cls, f'{prefix}-images-idx3-ubyte')).copy())
            self.targets = torch.from_numpy(_read_idx(_find(root, cls, f'{prefix}-labels-idx1-ubyte')).astype(np.int64))
            self.transform, self.target_transform = transform, target_transform

        def __len__(self):
            return len(self.data)

        def __getitem__(self, index):
            img, target = self.data[index].unsqueeze(0), int(self.targets[index])
            if self.transform is not None:
                img = self.transform(img)
            if self.target_transform is not None:
                target = self.target_transform(target)
            return img, target

    class FashionMNIST(MNIST):
        pass


class transforms:
    class ToTensor:
        def __call__(self, pic):
            return pic.to(torch.get_default_dtype()).div(255)

    class Normalize:
        def __init__(self, mean, std):
            self.mean, self.std = mean, std

        def __call__(self, tensor):
            mean = torch.as_tensor(self.mean, dtype=tensor.dtype).view(-1, 1, 1)
            std = torch.as_tensor(self.std, dtype=tensor.dtype).view(-1, 1, 1)
            return tensor.sub(mean).div(std)

    class Compose:
        def __init__(self, ts):
            self.ts = ts

        def __call__(self, x):
            for t in self.ts:
                x = t(x)
            return x


def limited(dataset):
    """The first PORT_LIMIT samples of dataset when that variable is set (to keep test runs short)."""
    n = os.environ.get('PORT_LIMIT')
    return torch.utils.data.Subset(dataset, range(int(n))) if n else dataset


DATA = os.environ.get('PORT_DATA', '/usr/share/datasets/fashion-mnist')
