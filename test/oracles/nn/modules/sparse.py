"""Oracle of test/nn/modules/sparse.test.ts."""
import torch


def results():
    """Embedding (same seed, default init)."""
    nn = torch.nn
    o = {}
    torch.manual_seed(1)
    emb = nn.Embedding(7, 4, padding_idx=2)
    idx = torch.tensor([[0, 2, 6], [1, 1, 3]])
    o['emb'] = emb(idx).tolist()
    e = emb(idx).sum(); e.backward(); o['embGrad'] = emb.weight.grad.tolist()
    embn = nn.Embedding(5, 3, max_norm=1.0); o['embMaxNorm'] = embn(torch.tensor([0, 4])).tolist(); o['embMaxNormW'] = embn.weight.tolist()
    return o
