"""Oracle of test/optim/sparse_adam.test.ts."""
import copy
import re

import torch

SHAPES = [[6, 3], [5]]
NNZ = [4, 3]


def _snake(k):
    return re.sub(r'([A-Z])', lambda m: '_' + m.group(1).lower(), k)


def _flat(t):
    return t.detach().reshape(-1).tolist()


def _dump(opt):
    return {str(i): {k: (v if not isinstance(v, torch.Tensor) else v.item() if v.dim() == 0 else _flat(v)) for k, v in s.items()}
            for i, s in opt.state_dict()['state'].items()}


def _grad(g, i, dtype):
    return torch.sparse_coo_tensor(torch.tensor([g['indices']], dtype=torch.int64).reshape(1, -1),
                                   torch.tensor(g['values'], dtype=dtype).reshape([-1] + SHAPES[i][1:]), SHAPES[i], check_invariants=True)


def steps_and_states(cases, steps, split):
    """SparseAdam matches PyTorch bit for bit"""
    out = []
    for c in cases:
        torch.manual_seed(0)
        dtype = getattr(torch, c.get('dtype', 'float32'))
        ps = [torch.randn(*s, dtype=dtype).requires_grad_() for s in SHAPES]
        init = [_flat(p) for p in ps]
        # Repeated indices (uncoalesced gradients); at step 5 the second gradient has no entries.
        grads = [[{'indices': torch.randint(0, SHAPES[i][0], (0 if (s == 4 and i == 1) else NNZ[i],)).tolist(),
                   'values': _flat(torch.randn([0 if (s == 4 and i == 1) else NNZ[i]] + SHAPES[i][1:], dtype=dtype))}
                  for i in range(len(SHAPES))] for s in range(steps)]
        kw = {_snake(k): (tuple(v) if isinstance(v, list) else v) for k, v in c['options'].items()}
        opt = torch.optim.SparseAdam(ps, **kw)
        after = []
        mid = None
        for s in range(steps):
            for i, p in enumerate(ps):
                p.grad = _grad(grads[s][i], i, dtype)
            if s == 2:
                ps[1].grad = None  # a parameter without a gradient is skipped
            opt.step()
            after.append([_flat(p) for p in ps])
            if s + 1 == split:
                mid = _dump(opt)
                qs = [p.detach().clone().requires_grad_() for p in ps]
                opt2 = torch.optim.SparseAdam(qs)
                opt2.load_state_dict(copy.deepcopy(opt.state_dict()))
            if s + 1 > split:
                for q, p in zip(qs, ps):
                    q.grad = p.grad
                opt2.step()
        out.append({'init': init, 'grads': grads, 'after': after, 'midState': mid, 'finalState': _dump(opt), 'loaded': [_flat(q) for q in qs]})
    return out


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
