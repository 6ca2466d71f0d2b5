"""Python's DataLoader with worker processes, for test/utils/data_workers.test.ts: the datasets of
test/helpers/worker_datasets.mjs, loaded with num_workers > 0 (fork, as on Linux)."""
import math
import time
import warnings

import torch
from torch.utils.data import DataLoader, Dataset, IterableDataset, get_worker_info


class RandomAugmented(Dataset):
    """Random draws per sample, in the order a random augmentation makes them."""

    def __init__(self, n):
        self.n = n
        self.base = torch.arange(n * 4, dtype=torch.float32).view(n, 4)

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        x = self.base[i]
        if torch.rand(1).item() < 0.5:
            x = x.flip(0)
        noise = torch.randn(4) * 0.1
        k = torch.randint(0, 10, (1,)).item()
        return x + noise, i, k


_init_calls = 0
_init_id = -1


def record_init(worker_id):
    global _init_calls, _init_id
    _init_calls += 1
    _init_id = worker_id


class InfoProbe(Dataset):
    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        info = get_worker_info()
        return i, info.id, info.num_workers, str(info.seed), 1 if info.dataset is self else 0, _init_calls, _init_id


class ShardedRange(IterableDataset):
    """PyTorch's documented sharding example."""

    def __init__(self, start, end):
        self.start, self.end = start, end

    def __iter__(self):
        info = get_worker_info()
        lo, hi = self.start, self.end
        if info is not None:
            per = int(math.ceil((self.end - self.start) / float(info.num_workers)))
            lo = self.start + info.id * per
            hi = min(lo + per, self.end)
        return iter(range(lo, hi))


class PlainRange(IterableDataset):
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        return iter(range(self.n))


class FailsAt(Dataset):
    def __init__(self, n, bad):
        self.n, self.bad = n, bad

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        if i == self.bad:
            raise ValueError(f'index {i} is bad')
        return i


def _lists(batch):
    if isinstance(batch, torch.Tensor):
        return batch.tolist()
    if isinstance(batch, (list, tuple)):
        return [_lists(b) for b in batch]
    return batch


def random_augmented(n, batch_size, seed, shuffle, epochs, persistent, num_workers):
    """Epochs of batches of RandomAugmented: each worker's draws follow its seed (base seed + id)."""
    torch.manual_seed(seed)
    with warnings.catch_warnings():
        # More workers than this machine's suggested maximum: the batches are the same.
        warnings.simplefilter('ignore', UserWarning)
        loader = DataLoader(RandomAugmented(n), batch_size=batch_size, shuffle=shuffle, num_workers=num_workers,
                            persistent_workers=persistent)
        out = [[_lists(b) for b in loader] for _ in range(epochs)]
    return {'epochs': out, 'after': torch.rand(1).item()}


def worker_info(seed):
    """get_worker_info() in the workers, and worker_init_fn's calls there."""
    torch.manual_seed(seed)
    loader = DataLoader(InfoProbe(6), batch_size=2, num_workers=2, worker_init_fn=record_init)
    return [_lists(b) for b in loader]


def iterable(num_workers):
    """An IterableDataset sharded with get_worker_info, and one that is not (every worker yields all)."""
    sharded = [_lists(b) for b in DataLoader(ShardedRange(3, 10), batch_size=2, num_workers=num_workers)]
    plain = [_lists(b) for b in DataLoader(PlainRange(5), batch_size=2, num_workers=num_workers)]
    unbatched = [_lists(b) for b in DataLoader(PlainRange(3), batch_size=None, num_workers=num_workers)]
    return {'sharded': sharded, 'plain': plain, 'unbatched': unbatched}


def worker_error():
    """The error a worker's exception becomes in the main process: its type and first line."""
    it = iter(DataLoader(FailsAt(20, 13), batch_size=4, num_workers=2))
    result = None
    try:
        for _ in it:
            pass
    except Exception as e:
        result = {'type': type(e).__name__, 'first': str(e).split('\n')[0], 'second': str(e).split('\n')[1]}
    # Shut down here: a later oracle's forked workers must not inherit this iterator.
    it._shutdown_workers()
    return result


class Slow(Dataset):
    def __init__(self, n, ms):
        self.n, self.ms = n, ms

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        time.sleep(self.ms / 1000)
        return i


def timeout_error():
    """A batch that takes longer than `timeout` seconds: the error's type and message."""
    it = iter(DataLoader(Slow(4, 2000), batch_size=2, num_workers=1, timeout=0.25))
    result = None
    try:
        for _ in it:
            pass
    except Exception as e:
        result = {'type': type(e).__name__, 'message': str(e)}
    it._shutdown_workers()
    return result


def mnist_random_crops(root, seed):
    """torchvision's MNIST (files under root/MNIST/raw) with ToTensor, RandomCrop(20, padding=2)
    and RandomHorizontalFlip, shuffled, 2 workers: the crops and flips each worker draws."""
    from oracles.vision._torchvision import datasets, transforms
    tf = transforms.Compose([transforms.ToTensor(), transforms.RandomCrop(20, padding=2), transforms.RandomHorizontalFlip()])
    ds = datasets.MNIST(root, train=True, transform=tf, download=False)
    torch.manual_seed(seed)
    batches = [(x.sum(dim=(1, 2, 3)).tolist(), x[:, 0, 0, :].tolist(), y.tolist())
               for x, y in DataLoader(ds, batch_size=4, shuffle=True, num_workers=2)]
    return batches
