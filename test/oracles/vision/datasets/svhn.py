"""Oracle of test/vision/datasets/svhn.test.ts: torchvision's SVHN (scipy.io.loadmat) over the
.mat files fixtures.svhn wrote (not the released files: check_integrity reduced to a file-exists check)."""
import os

import numpy as np

from .._torchvision import datasets
import torchvision.datasets.svhn as tv_svhn


def read(root, split):
    real = tv_svhn.check_integrity
    tv_svhn.check_integrity = lambda p, md5=None: os.path.isfile(p)
    try:
        ds = datasets.SVHN(root, split=split)
    finally:
        tv_svhn.check_integrity = real
    img, label = ds[1]
    return {
        'len': len(ds),
        'labels': [int(x) for x in ds.labels],
        'dataShape': list(ds.data.shape),
        'data': np.ascontiguousarray(ds.data).flatten().tolist(),
        'item1': {'mode': img.mode, 'data': np.asarray(img).transpose(2, 0, 1).flatten().tolist(), 'label': label},
        'repr': repr(ds),
    }


def checked(root):
    try:
        datasets.SVHN(root, split='train')
        return None
    except RuntimeError as e:
        return str(e)
