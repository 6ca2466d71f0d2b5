"""Oracle of test/vision/datasets/cifar.test.ts: torchvision's CIFAR10 / CIFAR100 over the Python 2
style batches fixtures.cifar10 / cifar100 wrote. Those are not the released files, so their md5s do
not match: `checked` runs torchvision as it is (its error), the others with check_integrity
reduced to a file-exists check (what torch-node's checkIntegrity: false does)."""
import os

import numpy as np

from .._torchvision import datasets
import torchvision.datasets.cifar as tv_cifar


def read(root, name, train):
    real = tv_cifar.check_integrity
    tv_cifar.check_integrity = lambda p, md5=None: os.path.isfile(p)
    try:
        ds = getattr(datasets, name)(root, train=train)
    finally:
        tv_cifar.check_integrity = real
    img, label = ds[len(ds) - 1]
    return {
        'len': len(ds),
        'classes': ds.classes,
        'classToIdx': ds.class_to_idx,
        'targets': [int(t) for t in ds.targets],
        'dataShape': list(ds.data.shape),
        'data': np.ascontiguousarray(ds.data).flatten().tolist(),
        'last': {'mode': img.mode, 'size': list(img.size), 'data': np.asarray(img).transpose(2, 0, 1).flatten().tolist(), 'label': label},
        'repr': repr(ds),
    }


def checked(root, name):
    try:
        getattr(datasets, name)(root, train=True)
        return None
    except RuntimeError as e:
        return str(e)
