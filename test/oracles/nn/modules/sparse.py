"""Oracle of test/nn/modules/sparse.test.ts."""
import torch

from oracles.nn.function_cases import catch
from oracles.nn.module_cases import snake


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


def keywords():
    """Embedding by keyword, its reprs, from_pretrained."""
    nn = torch.nn
    torch.manual_seed(3)
    a = nn.Embedding(num_embeddings=6, embedding_dim=3, padding_idx=-1, max_norm=2, norm_type=1.5, scale_grad_by_freq=True)
    w = torch.arange(12.).view(4, 3)
    p = nn.Embedding.from_pretrained(w, freeze=False, padding_idx=1, sparse=True)
    q = nn.Embedding.from_pretrained(w)
    return {'weight': a.weight.tolist(), 'repr': repr(a), 'paddingIdx': a.padding_idx, 'pRepr': repr(p), 'pGrad': p.weight.requires_grad,
            'qGrad': q.weight.requires_grad, 'qRepr': repr(q)}


BAG_INDICES = [1, 2, 4, 5, 4, 3, 2, 9, 0, 7]
BAG_OFFSETS = [0, 4, 4, 7]


def bags(cases):
    """EmbeddingBag cases: {name, kwargs (camelCase), input: '1d' | '2d', offsets, psw, seed}: output, weight, weight grad, repr."""
    out = {}
    for c in cases:
        torch.manual_seed(c.get('seed', 0))
        m = torch.nn.EmbeddingBag(*c.get('args', []), **{snake(k): v for k, v in c.get('kwargs', {}).items()})
        if c['input'] == '2d':
            x = torch.tensor(BAG_INDICES).view(2, 5)
            offsets = None
        else:
            x = torch.tensor(BAG_INDICES)
            offsets = torch.tensor(c.get('offsets', BAG_OFFSETS))
        psw = torch.randn(x.shape, requires_grad=True) if c.get('psw') else None
        y = m(x, offsets, psw)
        y.backward(torch.randn_like(y))
        r = {'out': y.tolist(), 'grad': m.weight.grad.tolist(), 'weight': m.weight.tolist(), 'repr': repr(m), 'keys': list(m.state_dict().keys())}
        if psw is not None:
            r['pswGrad'] = psw.grad.tolist()
        out[c['name']] = r
    return out


def bag_extras():
    """EmbeddingBag.from_pretrained and the errors of F.embedding_bag."""
    nn, F = torch.nn, torch.nn.functional
    w = torch.arange(12.).view(4, 3)
    p = nn.EmbeddingBag.from_pretrained(w, mode='max')
    q = nn.EmbeddingBag.from_pretrained(w, freeze=False, mode='sum', padding_idx=0, include_last_offset=True)
    x = torch.tensor([0, 1, 3, 2, 1])
    o = torch.tensor([0, 2, 5])
    return {
        'p': p(x, o.narrow(0, 0, 2)).tolist(), 'pRepr': repr(p), 'pGrad': p.weight.requires_grad,
        'q': q(x, o).tolist(), 'qRepr': repr(q), 'qGrad': q.weight.requires_grad,
        'errors': [
            catch(lambda: F.embedding_bag(x.view(1, 5), w, o)),
            catch(lambda: F.embedding_bag(x, w)),
            catch(lambda: F.embedding_bag(x, w, o, mode='max', scale_grad_by_freq=True)),
            catch(lambda: F.embedding_bag(x, w, o, mode='mean', per_sample_weights=torch.ones(5))),
            catch(lambda: F.embedding_bag(x, w, o, mode='sum', per_sample_weights=torch.ones(4))),
            catch(lambda: F.embedding_bag(x.view(1, 1, 5), w)),
            catch(lambda: F.embedding_bag(x, w.view(-1), o)),
        ],
    }
