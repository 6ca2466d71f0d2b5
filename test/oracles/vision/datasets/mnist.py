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
