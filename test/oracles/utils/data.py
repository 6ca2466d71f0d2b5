"""Oracle of test/utils/data.test.ts."""
import torch


def shuffled_epochs():
    """shuffle: true gives the same batches as Python for the same manual_seed, epoch after epoch"""
    from torch.utils.data import DataLoader, TensorDataset
    torch.manual_seed(123)
    ds = TensorDataset(torch.arange(50))
    dl = DataLoader(ds, batch_size=8, shuffle=True)
    epochs = [[b[0].tolist() for b in dl] for _ in range(3)]
    return {'epochs': epochs, 'after': torch.rand(1).item()}


def generator_drop_last():
    """with a generator, dropLast, and the article shape (60000 / 64)"""
    from torch.utils.data import DataLoader, TensorDataset
    g = torch.Generator(); g.manual_seed(7)
    dl = DataLoader(TensorDataset(torch.arange(60000)), batch_size=64, shuffle=True, drop_last=True, generator=g)
    bs = [b[0].tolist() for b in dl]
    torch.manual_seed(0)
    plain = [b[0].tolist() for b in DataLoader(TensorDataset(torch.arange(10)), batch_size=4, shuffle=True)]
    return {'first': bs[0], 'last': bs[-1], 'count': len(bs), 'plain': plain}


def random_sampler_replacement():
    """RandomSampler with replacement and numSamples matches Python"""
    from torch.utils.data import RandomSampler
    g = torch.Generator(); g.manual_seed(3)
    return list(RandomSampler(range(10), replacement=True, num_samples=70, generator=g))


def weighted_and_subset_samplers():
    """WeightedRandomSampler and SubsetRandomSampler match Python"""
    from torch.utils.data import WeightedRandomSampler, SubsetRandomSampler
    w = list(WeightedRandomSampler([0.1, 0.5, 2, 0.7], 20, generator=torch.Generator().manual_seed(5)))
    wn = list(WeightedRandomSampler([1, 2, 3, 4, 5], 4, replacement=False, generator=torch.Generator().manual_seed(6)))
    s = list(SubsetRandomSampler([10, 20, 30, 40, 50], generator=torch.Generator().manual_seed(7)))
    return {'w': w, 'wn': wn, 's': s}


def random_splits():
    """randomSplit matches Python (lengths and fractions)"""
    from torch.utils.data import random_split
    g = torch.Generator().manual_seed(42)
    a = [list(s.indices) for s in random_split(range(10), [3, 7], generator=g)]
    b = [list(s.indices) for s in random_split(range(11), [0.5, 0.3, 0.2], generator=torch.Generator().manual_seed(1))]
    return {'a': a, 'b': b}


def bad_lengths():
    """a dataset length that is negative, NaN or not an integer is an error, not an empty loader"""
    from torch.utils.data import Dataset, DataLoader
    class D(Dataset):
        def __init__(self, n): self.n = n
        def __len__(self): return self.n
        def __getitem__(self, i): return i
    def err(n):
        try:
            list(DataLoader(D(n)))
        except Exception as e:
            return [type(e).__name__, str(e)]
    return {'-1': err(-1), '2.5': err(2.5), 'nan': err(float('nan'))}


def worker_options():
    """DataLoader's worker options: Python's errors and attributes, and the same shuffled batches with numWorkers 2"""
    from torch.utils.data import DataLoader, TensorDataset
    ds = TensorDataset(torch.arange(20))
    errors = {}
    cases = {
        'negativeWorkers': dict(num_workers=-1),
        'negativeTimeout': dict(timeout=-1),
        'prefetchWithoutWorkers': dict(prefetch_factor=2),
        'negativePrefetch': dict(num_workers=2, prefetch_factor=-1),
        'persistentWithoutWorkers': dict(persistent_workers=True),
        'contextWithoutWorkers': dict(multiprocessing_context='spawn'),
    }
    for name, kw in cases.items():
        try:
            DataLoader(ds, **kw)
            errors[name] = None
        except ValueError as e:
            errors[name] = str(e)
    dl = DataLoader(ds, batch_size=4, num_workers=2)
    torch.manual_seed(5)
    shuffled = [b[0].tolist() for b in DataLoader(ds, batch_size=4, shuffle=True, num_workers=2, persistent_workers=True, worker_init_fn=lambda i: None)]
    return {'errors': errors, 'prefetchDefault': dl.prefetch_factor, 'prefetchNone': DataLoader(ds).prefetch_factor, 'shuffled': shuffled}
