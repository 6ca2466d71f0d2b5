"""Oracle of test/optim/sparse_adam.test.ts: the shared optimizer table (_harness.py) with sparse
gradients, run by PyTorch, and SparseAdam's own checks."""
import re

import torch

from ._harness import bad_option_messages, defaults, load_ours, steps_and_states  # noqa: F401


def _snake(k):
    return re.sub(r'([A-Z])', lambda m: '_' + m.group(1).lower(), k)


def _flat(t):
    return t.detach().reshape(-1).tolist()


def errors(bad):
    """PyTorch's messages: bad options, a dense gradient, a sparse or complex parameter"""
    def msg(f):
        try:
            f()
            return ['', '']
        except Exception as e:
            return [type(e).__name__, str(e)]
    out = {'options': [msg(lambda: torch.optim.SparseAdam([torch.zeros(2, requires_grad=True)], **{_snake(k): (tuple(v) if isinstance(v, list) else v) for k, v in kw.items()})) for kw in bad]}
    p = torch.zeros(2, requires_grad=True)
    p.grad = torch.ones(2)
    out['dense'] = msg(lambda: torch.optim.SparseAdam([p]).step())
    sp = torch.sparse_coo_tensor(torch.tensor([[0]]), torch.tensor([1.0]), [2], check_invariants=True)
    out['sparseParam'] = msg(lambda: torch.optim.SparseAdam([torch.zeros(2, requires_grad=True), sp]))
    out['complexParam'] = msg(lambda: torch.optim.SparseAdam([torch.zeros(2, dtype=torch.complex64, requires_grad=True)]))
    out['defaults'] = {k: (list(v) if isinstance(v, tuple) else v) for k, v in torch.optim.SparseAdam([p]).defaults.items()}
    return out


def embedding(steps):
    """an nn.Embedding(sparse=True) trained by SparseAdam"""
    torch.manual_seed(0)
    emb = torch.nn.Embedding(7, 3, sparse=True)
    init = _flat(emb.weight)
    ids = [torch.randint(0, 7, (5,)).tolist() for _ in range(steps)]
    opt = torch.optim.SparseAdam(emb.parameters(), lr=0.01)
    losses = []
    for s in range(steps):
        opt.zero_grad()
        loss = emb(torch.tensor(ids[s])).pow(2).sum()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return {'init': init, 'ids': ids, 'losses': losses, 'weight': _flat(emb.weight)}
