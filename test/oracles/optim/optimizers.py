"""Oracle of test/optim/optimizers.test.ts."""
import torch


def steps_after_each(cases, default_steps):
    """optimizers match PyTorch step by step"""
    import re
    def snake(k): return re.sub(r'([A-Z])', lambda m: '_' + m.group(1).lower(), k)
    def flat(t): return t.detach().reshape(-1).tolist()
    out = []
    for c in cases:
        torch.manual_seed(0)
        dtype = getattr(torch, c.get('dtype', 'float32'))
        ps = [torch.randn(3, 4, dtype=dtype).requires_grad_(), torch.randn(5, dtype=dtype).requires_grad_(), torch.randn(2, 2, dtype=dtype).requires_grad_()]
        init = [flat(p) for p in ps]
        steps = c.get('steps', default_steps)
        grads = [[flat(torch.randn_like(p)) for p in ps] for _ in range(steps)]
        kw = {snake(k): (tuple(v) if isinstance(v, list) else v) for k, v in c['options'].items()}
        cls = getattr(torch.optim, c['cls'])
        if c.get('groups'):
            opt = cls([{'params': ps[:2]}, {'params': ps[2:], 'lr': 0.1}], **kw)
        else:
            opt = cls(ps, **kw)
        after = []
        for s in range(steps):
            for p, g in zip(ps, grads[s]):
                p.grad = torch.tensor(g, dtype=dtype).reshape(p.shape)
            if s == 2:
                ps[1].grad = None  # a parameter without a gradient is skipped
            opt.step()
            after.append([flat(p) for p in ps])
        keys = [sorted(opt.state[p].keys()) for p in ps]
        out.append({'init': init, 'grads': grads, 'after': after, 'stateKeys': keys})
    return out


def adam_regression():
    """trains through autograd like PyTorch (Adam on a small regression)"""
    torch.manual_seed(1)
    x = torch.randn(16, 3); y = torch.randn(16, 1)
    w = torch.randn(3, 1, requires_grad=True); b = torch.zeros(1, requires_grad=True)
    opt = torch.optim.Adam([w, b], lr=0.05)
    losses = []
    for _ in range(10):
        loss = ((x @ w + b - y) ** 2).mean()
        opt.zero_grad(); loss.backward(); opt.step(); losses.append(loss.item())
    return {'w': w.detach().reshape(-1).tolist() + b.detach().tolist(), 'losses': losses}


def load_state_dict_errors():
    """loadStateDict rejects parameter groups of another count or size with PyTorch's errors"""
    a, b = torch.zeros(2, requires_grad=True), torch.zeros(3, requires_grad=True)
    def err(groups):
        opt = torch.optim.SGD([a, b], lr=0.1, momentum=0.9)
        sd = opt.state_dict()
        sd['param_groups'] = [dict(sd['param_groups'][0], params=g) for g in groups]
        try:
            opt.load_state_dict(sd)
        except Exception as e:
            return [type(e).__name__, str(e)]
    return {'smaller': err([[0]]), 'larger': err([[0, 1, 2]]), 'none': err([]), 'more': err([[0], [1]])}
