"""Oracle of test/vision/datasets/folder.test.ts: torchvision's ImageFolder / DatasetFolder over
the tree fixtures.image_folder wrote. torchvision's default loader is PIL (Image.open(...).convert('RGB'))."""
import os

import numpy as np

from .._torchvision import datasets
from torchvision.datasets import folder as tv_folder


def _pixels(img):
    a = np.asarray(img)
    if a.ndim == 2:
        a = a[:, :, None]
    return {'shape': list(a.transpose(2, 0, 1).shape), 'data': a.transpose(2, 0, 1).flatten().tolist(), 'mode': img.mode}


def image_folder(root):
    ds = datasets.ImageFolder(root)
    return {
        'classes': ds.classes,
        'classToIdx': ds.class_to_idx,
        'samples': [[p, t] for p, t in ds.samples],
        'targets': ds.targets,
        'imgs': [[p, t] for p, t in ds.imgs],
        'items': [_pixels(ds[i][0]) for i in range(len(ds))],
        'labels': [ds[i][1] for i in range(len(ds))],
        'repr': repr(ds),
        'extensions': list(tv_folder.IMG_EXTENSIONS),
        'findClasses': list(tv_folder.find_classes(root)),
    }


def dataset_folder(root):
    """DatasetFolder with a loader returning the path's size and an is_valid_file choosing PNGs by name."""
    ds = datasets.DatasetFolder(root, loader=lambda p: os.path.getsize(p), is_valid_file=lambda p: p.endswith('.png'))
    by_ext = datasets.DatasetFolder(root, loader=lambda p: 0, extensions=('.jpg', '.jpeg'), allow_empty=True)
    return {
        'samples': [[p, t] for p, t in ds.samples],
        'items': [list(ds[i]) for i in range(len(ds))],
        'byExt': [[p, t] for p, t in by_ext.samples],
    }


def errors(empty_root, no_class_root):
    out = {}
    for key, fn in (
        ('empty', lambda: datasets.ImageFolder(empty_root)),
        ('emptyValidFile', lambda: datasets.ImageFolder(empty_root, is_valid_file=lambda p: p.endswith('.png'))),
        ('noClass', lambda: datasets.ImageFolder(no_class_root)),
        ('both', lambda: datasets.DatasetFolder(empty_root, loader=lambda p: p, extensions=('.png',), is_valid_file=lambda p: True)),
        ('neither', lambda: datasets.DatasetFolder(empty_root, loader=lambda p: p)),
    ):
        try:
            fn()
            out[key] = None
        except Exception as e:  # noqa: BLE001
            out[key] = [type(e).__name__, str(e)]
    allowed = datasets.ImageFolder(empty_root, allow_empty=True)
    out['allowEmpty'] = {'classes': allowed.classes, 'samples': [[p, t] for p, t in allowed.samples]}
    return out


def find_classes(directory):
    """torchvision's find_classes: class folders sorted as Python sorts strings (by code point)."""
    return list(tv_folder.find_classes(directory))
