"""Python's side of bench/dataloader.mjs: torchvision's ImageFolder (PIL loader) with
RandomResizedCrop(224) + RandomHorizontalFlip + ToTensor + Normalize, through
torch.utils.data.DataLoader with the given number of worker processes; one epoch over the first
`limit` images (a fixed Subset), timed from iter() to the last batch.

    python3 bench/python/dataloader.py ROOT WORKERS BATCH LIMIT SEED
prints {"images": n, "seconds": s} as one JSON line.
"""
import json
import sys
import time
import types

# The torchvision wheel installed next to this CPU PyTorch has C++ operators built for another
# PyTorch; its two registration modules fail to import, so they are blanked (nothing used here
# needs them: ImageFolder, PIL and the transforms are Python).
for _name in ('torchvision._meta_registrations', 'torchvision._autograd_registrations'):
    sys.modules.setdefault(_name, types.ModuleType(_name))

import torch  # noqa: E402
from torch.utils.data import DataLoader, Subset  # noqa: E402
from torchvision import datasets, transforms  # noqa: E402


def main(root, workers, batch, limit, seed):
    tf = transforms.Compose([
        transforms.RandomResizedCrop(224),
        transforms.RandomHorizontalFlip(),
        transforms.ToTensor(),
        transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]),
    ])
    full = datasets.ImageFolder(root, transform=tf)
    ds = Subset(full, range(min(limit, len(full))))
    torch.manual_seed(seed)
    loader = DataLoader(ds, batch_size=batch, shuffle=True, num_workers=workers)
    n = 0
    t = time.perf_counter()
    for x, y in loader:
        n += x.shape[0]
    return {'images': n, 'seconds': time.perf_counter() - t}


if __name__ == '__main__':
    root, workers, batch, limit, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    print(json.dumps(main(root, workers, batch, limit, seed)))
