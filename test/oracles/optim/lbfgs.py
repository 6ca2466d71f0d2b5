"""Oracle of test/optim/lbfgs.test.ts."""
import copy
import os
import re

import torch


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


def _problem(dtype):
    torch.manual_seed(0)
    ps = [torch.randn(3, 4, dtype=dtype).requires_grad_(), torch.randn(5, dtype=dtype).requires_grad_(), torch.randn(2, 2, dtype=dtype).requires_grad_()]
    data = [torch.randn(3, 4, dtype=dtype), torch.randn(3, 4, dtype=dtype), torch.randn(5, dtype=dtype), torch.randn(2, 2, dtype=dtype)]
    return ps, data


def _loss(ps, data):
    a, tw, tv, tu = data
    w, v, u = ps
    return (w * a).tanh().sub(tw).pow(2).sum() + (v - tv).pow(4).sum() + (u.sin() * tu).sum()


def steps_and_states(cases, steps, split, save_dir):
    """LBFGS matches PyTorch bit for bit; the state dict after `split` steps torch.save'd to
    save_dir/CASE_INDEX.pt"""
    out = []
    for ci, c in enumerate(cases):
        dtype = getattr(torch, c.get('dtype', 'float32'))
        ps, data = _problem(dtype)
        init = [_flat(p) for p in ps]
        kw = {_snake(k): v for k, v in c['options'].items()}
        opt = torch.optim.LBFGS(ps, **kw)
        calls = [0]

        def closure():
            calls[0] += 1
            opt.zero_grad()
            loss = _loss(ps, data)
            loss.backward()
            return loss
        after, losses, call_counts = [], [], []
        mid = None
        for s in range(steps):
            calls[0] = 0
            losses.append(opt.step(closure).item())
            call_counts.append(calls[0])
            after.append([_flat(p) for p in ps])
            if s + 1 == split:
                mid = _dump(opt)
                torch.save(opt.state_dict(), os.path.join(save_dir, '%d.pt' % ci))
                qs = [p.detach().clone().requires_grad_() for p in ps]
                opt2 = torch.optim.LBFGS(qs)
                opt2.load_state_dict(copy.deepcopy(opt.state_dict()))

                def closure2():
                    opt2.zero_grad()
                    loss = _loss(qs, data)
                    loss.backward()
                    return loss
            if s + 1 > split:
                opt2.step(closure2)
        out.append({'data': [_flat(t) for t in data], 'init': init, 'after': after, 'losses': losses, 'calls': call_counts,
                    'midState': mid, 'finalState': _dump(opt), 'loaded': [_flat(q) for q in qs]})
    return out


def load_ours(cases, steps, split, save_dir):
    """PyTorch's LBFGS loading the state dicts the test torch.save'd after `split` steps
    (save_dir/CASE_INDEX.ours.pt): the parameters after the remaining steps."""
    out = []
    for ci, c in enumerate(cases):
        dtype = getattr(torch, c.get('dtype', 'float32'))
        ps, data = _problem(dtype)
        opt = torch.optim.LBFGS(ps, **{_snake(k): v for k, v in c['options'].items()})

        def closure():
            opt.zero_grad()
            loss = _loss(ps, data)
            loss.backward()
            return loss
        for _ in range(split):
            opt.step(closure)
        qs = [p.detach().clone().requires_grad_() for p in ps]
        opt2 = torch.optim.LBFGS(qs)
        saved = torch.load(os.path.join(save_dir, '%d.ours.pt' % ci))
        keys = sorted(saved['state'][0].keys())
        opt2.load_state_dict(saved)

        def closure2():
            opt2.zero_grad()
            loss = _loss(qs, data)
            loss.backward()
            return loss
        for _ in range(split, steps):
            opt2.step(closure2)
        out.append({'params': [_flat(q) for q in qs], 'keys': keys})
    return out


def errors():
    """PyTorch's messages and defaults"""
    def msg(f):
        try:
            f()
            return ['', '']
        except Exception as e:
            return [type(e).__name__, str(e)]
    p = torch.zeros(2, requires_grad=True)
    return {
        'lr': msg(lambda: torch.optim.LBFGS([p], lr=-1)),
        'groups': msg(lambda: torch.optim.LBFGS([{'params': [p]}, {'params': [torch.zeros(1, requires_grad=True)]}])),
        'defaults': torch.optim.LBFGS([p]).defaults,
        'maxEval': torch.optim.LBFGS([p], max_iter=7).defaults['max_eval'],
    }
