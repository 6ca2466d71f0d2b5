"""Oracle for test/utils/data/distributed.test.ts: DistributedSampler's indices."""
from torch.utils.data import DistributedSampler


def indices(cases):
    out = []
    for c in cases:
        s = DistributedSampler(range(c['n']), num_replicas=c['numReplicas'], rank=c['rank'],
                               shuffle=c['shuffle'], seed=c['seed'], drop_last=c['dropLast'])
        s.set_epoch(c['epoch'])
        out.append({'indices': list(s), 'length': len(s)})
    return out


def invalid_rank(num_replicas, rank):
    try:
        DistributedSampler(range(4), num_replicas=num_replicas, rank=rank)
    except ValueError as e:
        return str(e)
    return None
