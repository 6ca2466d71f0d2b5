"""Oracle of test/nn/functional/sparse.test.ts."""
import torch
import torch.nn.functional as F

from oracles.nn.function_cases import catch
from oracles.nn.module_cases import snake

INDICES = [3, 0, 5, 5, 2, 1, 4, 0]


def cases(table):
    """{name, fn ('embedding' | 'embeddingBag'), shape ([8] or [2, 4]), offsets, psw, args, kwargs, seed}:
    output, and the gradients of weight (and per_sample_weights)."""
    out = {}
    for c in table:
        torch.manual_seed(c.get('seed', 0))
        w = torch.randn(6, 3, requires_grad=True)
        x = torch.tensor(INDICES).view(*c['shape'])
        kwargs = {snake(k): v for k, v in c.get('kwargs', {}).items()}
        psw = None
        if c.get('psw'):
            psw = torch.randn(*c['shape'], requires_grad=True)
            kwargs['per_sample_weights'] = psw
        if 'offsets' in c:
            kwargs['offsets'] = torch.tensor(c['offsets'])
        y = getattr(F, snake(c['fn']))(x, w, *c.get('args', []), **kwargs)
        y.backward(torch.randn_like(y))
        r = {'out': y.tolist(), 'grad': w.grad.tolist()}
        if psw is not None:
            r['pswGrad'] = psw.grad.tolist()
        out[c['name']] = r
    return out


def extras():
    """max_norm renormalises the weight rows it reads, in place; one_hot."""
    torch.manual_seed(1)
    w = torch.randn(6, 3) * 2
    F.embedding(torch.tensor([1, 4]), w, max_norm=1.5)
    w2 = torch.randn(6, 3) * 2
    F.embedding_bag(torch.tensor([[0, 2], [2, 5]]), w2, max_norm=1.0, norm_type=1.0)
    return {'renorm': w.tolist(), 'renormBag': w2.tolist(), 'oneHot': F.one_hot(torch.tensor([0, 3, 1])).tolist(),
            'oneHot5': F.one_hot(torch.tensor([[0], [2]]), 5).tolist(),
            'pad': catch(lambda: F.embedding(torch.tensor([1]), w, padding_idx=6))}
