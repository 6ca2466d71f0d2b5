"""Oracle of test/vision/datasets/mnist.test.ts."""
import torch
from torch.utils.data import DataLoader, TensorDataset

from ..idx import read


def debian_fashion_mnist(root):
    """Fashion-MNIST as Debian installs it: the first image and label, the sizes, a shuffled batch."""
    imgs = read(root + '/train-images-idx3-ubyte.gz'); lbls = read(root + '/train-labels-idx1-ubyte.gz').long()
    test = read(root + '/t10k-labels-idx1-ubyte.gz')
    torch.manual_seed(0)
    dl = DataLoader(TensorDataset(imgs.float().div(255).unsqueeze(1), lbls), batch_size=64, shuffle=True)
    x, y = next(iter(dl))
    return {'sum': imgs[0].float().div(255).sum().item(), 'label': int(lbls[0]), 'n': len(imgs), 'testN': len(test), 'batch': y.tolist(), 'batchSum': x.sum().item()}


def _read(cls, root, **kwargs):
    from .._torchvision import datasets
    ds = getattr(datasets, cls)(root, **kwargs)
    first = ds[0]
    last = ds[len(ds) - 1]

    def target(t):
        return t.tolist() if isinstance(t, torch.Tensor) else t

    return {
        'len': len(ds),
        'classes': list(ds.classes),
        'dataShape': list(ds.data.shape),
        'dataSum': int(ds.data.long().sum()),
        'head': ds.data[:2].flatten().tolist(),
        'tail': ds.data[-1].flatten().tolist(),
        'targetsShape': list(ds.targets.shape),
        'targetsHead': ds.targets[:3].tolist(),
        'targetsTail': ds.targets[-3:].tolist(),
        'targetsSum': int(ds.targets.sum()),
        'first': target(first[1]),
        'last': target(last[1]),
        'firstPixels': list(first[0].getdata()),
        'repr': repr(ds),
    }


FAMILY_CASES = {
    'mnist_train': ('MNIST', {'train': True}),
    'mnist_test': ('MNIST', {'train': False}),
    'fashion_train': ('FashionMNIST', {'train': True}),
    'kmnist_test': ('KMNIST', {'train': False}),
    'emnist_letters_train': ('EMNIST', {'split': 'letters', 'train': True}),
    'emnist_balanced_test': ('EMNIST', {'split': 'balanced', 'train': False}),
    'qmnist_train': ('QMNIST', {'what': 'train'}),
    'qmnist_test': ('QMNIST', {'train': False}),
    'qmnist_test10k': ('QMNIST', {'what': 'test10k'}),
    'qmnist_test50k_full': ('QMNIST', {'what': 'test50k', 'compat': False}),
    'qmnist_nist_full': ('QMNIST', {'what': 'nist', 'compat': False}),
}


def family(root):
    """torchvision reads only the uncompressed files of root/<Class>/raw: gunzip copies first."""
    import gzip
    import os
    import shutil
    for dirpath, _, files in os.walk(root):
        for f in files:
            if f.endswith('.gz'):
                with gzip.open(os.path.join(dirpath, f)) as src, open(os.path.join(dirpath, f[:-3]), 'wb') as dst:
                    shutil.copyfileobj(src, dst)
    out = {name: _read(cls, root, **kw) for name, (cls, kw) in FAMILY_CASES.items()}
    for dirpath, _, files in os.walk(root):
        for f in files:
            if f.endswith('.gz'):
                os.remove(os.path.join(dirpath, f[:-3]))
    errors = {}
    for name, fn in (('emnist_split', lambda: __import__('oracles.vision._torchvision', fromlist=['datasets']).datasets.EMNIST(root, split='bogus')),
                     ('qmnist_what', lambda: __import__('oracles.vision._torchvision', fromlist=['datasets']).datasets.QMNIST(root, what='nope')),
                     ('missing', lambda: __import__('oracles.vision._torchvision', fromlist=['datasets']).datasets.MNIST(os.path.join(root, 'nowhere')))):
        try:
            fn()
            errors[name] = None
        except Exception as e:  # noqa: BLE001
            errors[name] = str(e)
    out['errors'] = errors
    return out
