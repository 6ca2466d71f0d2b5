"""The optimizer tests' shared table (test/helpers/optim.ts): each case names an optimizer class
and its options (camelCase, converted to PyTorch's keyword names here). Seeded parameters get a
seeded gradient per step (dense, or sparse COO for SparseAdam); the parameters after every step,
the state half way and at the end, and a second optimizer continuing from the saved state are
reported. The per-file oracle modules (sgd.py, adam.py, ...) re-export these functions."""
import copy
import os
import re

import torch

DENSE_SHAPES = [[3, 4], [5], [2, 2]]
SPARSE_SHAPES = [[6, 3], [5]]
SPARSE_NNZ = [4, 3]


def _snake(k):
    return re.sub(r'([A-Z])', lambda m: '_' + m.group(1).lower(), k)


def _flat(t):
    return t.detach().reshape(-1).tolist()


def _value(v):
    if isinstance(v, torch.Tensor):
        return v.item() if v.dim() == 0 else _flat(v)
    if isinstance(v, list):
        return [_value(x) for x in v]
    return v


def _dump(opt):
    return {str(i): {k: _value(v) for k, v in s.items()} for i, s in opt.state_dict()['state'].items()}


def _kwargs(options):
    return {_snake(k): (tuple(v) if isinstance(v, list) else v) for k, v in options.items()}


def _groups(c, ps):
    """The parameters as the case gives them: one list, or two groups (the second with lr 0.1)."""
    if c.get('groups'):
        return [{'params': ps[:2]}, {'params': ps[2:], 'lr': 0.1}]
    return ps


def _plain_groups(c, ps):
    return [{'params': ps[:2]}, {'params': ps[2:]}] if c.get('groups') else ps


def _sparse_grad(g, i, dtype):
    shape = SPARSE_SHAPES[i]
    return torch.sparse_coo_tensor(torch.tensor([g['indices']], dtype=torch.int64).reshape(1, -1),
                                   torch.tensor(g['values'], dtype=dtype).reshape([-1] + shape[1:]), shape, check_invariants=True)


def _setup(c, steps):
    torch.manual_seed(0)
    dtype = getattr(torch, c.get('dtype', 'float32'))
    if c.get('sparse'):
        ps = [torch.randn(*s, dtype=dtype).requires_grad_() for s in SPARSE_SHAPES]
        # Repeated indices (uncoalesced gradients); at step 5 the second gradient has no entries.
        grads = [[{'indices': torch.randint(0, SPARSE_SHAPES[i][0], (0 if (s == 4 and i == 1) else SPARSE_NNZ[i],)).tolist(),
                   'values': _flat(torch.randn([0 if (s == 4 and i == 1) else SPARSE_NNZ[i]] + SPARSE_SHAPES[i][1:], dtype=dtype))}
                  for i in range(len(SPARSE_SHAPES))] for s in range(steps)]
    else:
        ps = [torch.randn(*s, dtype=dtype).requires_grad_() for s in c.get('shapes', DENSE_SHAPES)]
        grads = [[_flat(torch.randn_like(p)) for p in ps] for _ in range(steps)]
    return dtype, ps, grads


def _set_grads(c, ps, grads, s, dtype):
    for i, p in enumerate(ps):
        g = grads[s][i]
        p.grad = _sparse_grad(g, i, dtype) if c.get('sparse') else torch.tensor(g, dtype=dtype).reshape(p.shape)
    if s == 2:
        ps[1].grad = None  # a parameter without a gradient is skipped


def steps_and_states(cases, steps, split, save_dir):
    """Parameters after each step, state after `split` steps and at the end; the state dict after
    `split` steps torch.save'd to save_dir/NAME.pt; the parameters of a second optimizer (default
    options, copies of the parameters) that loaded that state dict and took the remaining steps."""
    out = []
    for c in cases:
        dtype, ps, grads = _setup(c, steps)
        init = [_flat(p) for p in ps]
        cls = getattr(torch.optim, c['cls'])
        opt = cls(_groups(c, ps), **_kwargs(c['options']))
        after = []
        mid = None
        for s in range(steps):
            _set_grads(c, ps, grads, s, dtype)
            opt.step()
            after.append([_flat(p) for p in ps])
            if s + 1 == split:
                mid = _dump(opt)
                torch.save(opt.state_dict(), os.path.join(save_dir, c['name'] + '.pt'))
                qs = [p.detach().clone().requires_grad_() for p in ps]
                opt2 = cls(_plain_groups(c, qs))
                # load_state_dict casts state tensors but step to the parameter's dtype (NAdam's
                # float32 mu_product becomes float64 for float64 parameters), so opt2 may drift from opt.
                opt2.load_state_dict(copy.deepcopy(opt.state_dict()))
            if s + 1 > split:
                for q, p in zip(qs, ps):
                    q.grad = p.grad
                opt2.step()
        out.append({'init': init, 'grads': grads, 'after': after, 'midState': mid, 'finalState': _dump(opt),
                    'loaded': [_flat(q) for q in qs]})
    return out


def load_ours(cases, steps, split, save_dir):
    """Python's optimizers loading the state dicts the tests torch.save'd (save_dir/NAME.ours.pt,
    after `split` steps): the parameters after the remaining steps, for each case."""
    out = []
    for c in cases:
        dtype, ps, grads = _setup(c, steps)
        cls = getattr(torch.optim, c['cls'])
        opt = cls(_groups(c, ps), **_kwargs(c['options']))
        for s in range(split):
            _set_grads(c, ps, grads, s, dtype)
            opt.step()
        qs = [p.detach().clone().requires_grad_() for p in ps]
        opt2 = cls(_plain_groups(c, qs))
        opt2.load_state_dict(torch.load(os.path.join(save_dir, c['name'] + '.ours.pt')))
        for s in range(split, steps):
            _set_grads(c, qs, grads, s, dtype)
            opt2.step()
        out.append([_flat(q) for q in qs])
    return out


def bad_option_messages(bad):
    """Each [class name, options]: [exception class, message] of PyTorch's constructor."""
    out = []
    for cls, kw in bad:
        try:
            getattr(torch.optim, cls)([torch.zeros(2, 2, requires_grad=True)], **_kwargs(kw))
            out.append(['', ''])
        except Exception as e:
            out.append([type(e).__name__, str(e)])
    return out


def defaults(classes):
    """Each class's defaults, camelCased, tuples as lists."""
    out = {}
    for cls in classes:
        opt = getattr(torch.optim, cls)([torch.zeros(1, 1, requires_grad=True)])
        out[cls] = {re.sub(r'_([a-z])', lambda m: m.group(1).upper(), k): (list(v) if isinstance(v, tuple) else v)
                    for k, v in opt.defaults.items()}
    return out
