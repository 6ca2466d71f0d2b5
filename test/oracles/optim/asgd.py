"""Oracle of test/optim/asgd.test.ts."""
import copy
import re

import torch


def _snake(k):
    return re.sub(r'([A-Z])', lambda m: '_' + m.group(1).lower(), k)


def _flat(t):
    return t.detach().reshape(-1).tolist()


def _dump(opt):
    return {str(i): {k: (v if not isinstance(v, torch.Tensor) else v.item() if v.dim() == 0 else _flat(v)) for k, v in s.items()}
            for i, s in opt.state_dict()['state'].items()}


def steps_and_states(cls, cases, steps, split):
    """matches PyTorch bit for bit (parameters after each step, state, a loaded state)"""
    out = []
    for c in cases:
        torch.manual_seed(0)
        dtype = getattr(torch, c.get('dtype', 'float32'))
        ps = [torch.randn(3, 4, dtype=dtype).requires_grad_(), torch.randn(5, dtype=dtype).requires_grad_(), torch.randn(2, 2, dtype=dtype).requires_grad_()]
        init = [_flat(p) for p in ps]
        grads = [[_flat(torch.randn_like(p)) for p in ps] for _ in range(steps)]
        kw = {_snake(k): (tuple(v) if isinstance(v, list) else v) for k, v in c['options'].items()}
        opt = getattr(torch.optim, cls)(ps, foreach=False, **kw)
        after = []
        mid = None
        for s in range(steps):
            for p, g in zip(ps, grads[s]):
                p.grad = torch.tensor(g, dtype=dtype).reshape(p.shape)
            if s == 2:
                ps[1].grad = None  # a parameter without a gradient is skipped
            opt.step()
            after.append([_flat(p) for p in ps])
            if s + 1 == split:
                mid = _dump(opt)
                # A second optimizer (default options) continues from the saved state, on copies.
                qs = [p.detach().clone().requires_grad_() for p in ps]
                opt2 = getattr(torch.optim, cls)(qs, foreach=False)
                opt2.load_state_dict(copy.deepcopy(opt.state_dict()))
            if s + 1 > split:
                for q, p in zip(qs, ps):
                    q.grad = p.grad
                opt2.step()
        out.append({'init': init, 'grads': grads, 'after': after, 'midState': mid, 'finalState': _dump(opt), 'loaded': [_flat(q) for q in qs]})
    return out


def bad_option_messages(cls, bad):
    """rejects bad options with PyTorch's ValueError text"""
    out = []
    for kw in bad:
        try:
            getattr(torch.optim, cls)([torch.zeros(2, requires_grad=True)], **{_snake(k): (tuple(v) if isinstance(v, list) else v) for k, v in kw.items()})
            out.append(['', ''])
        except Exception as e:
            out.append([type(e).__name__, str(e)])
    return out


def defaults(cls):
    """defaults are PyTorch's"""
    opt = getattr(torch.optim, cls)([torch.zeros(1, requires_grad=True)])
    return {k: (list(v) if isinstance(v, tuple) else v) for k, v in opt.defaults.items()}
