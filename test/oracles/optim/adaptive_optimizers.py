"""Oracle of test/optim/adaptive_optimizers.test.ts."""
import torch


def steps_and_states(cases, steps, split):
    """Adadelta, Adamax, NAdam, RAdam match PyTorch bit for bit"""
    import copy, re
    def snake(k): return re.sub(r'([A-Z])', lambda m: '_' + m.group(1).lower(), k)
    def flat(t): return t.detach().reshape(-1).tolist()
    def dump(opt):
        return {str(i): {k: (v.item() if v.dim() == 0 else flat(v)) for k, v in s.items()} for i, s in opt.state_dict()['state'].items()}
    out = []
    for c in cases:
        torch.manual_seed(0)
        dtype = getattr(torch, c.get('dtype', 'float32'))
        ps = [torch.randn(3, 4, dtype=dtype).requires_grad_(), torch.randn(5, dtype=dtype).requires_grad_(), torch.randn(2, 2, dtype=dtype).requires_grad_()]
        init = [flat(p) for p in ps]
        grads = [[flat(torch.randn_like(p)) for p in ps] for _ in range(steps)]
        kw = {snake(k): (tuple(v) if isinstance(v, list) else v) for k, v in c['options'].items()}
        opt = getattr(torch.optim, c['cls'])(ps, foreach=False, **kw)
        after = []
        mid = None
        for s in range(steps):
            for p, g in zip(ps, grads[s]):
                p.grad = torch.tensor(g, dtype=dtype).reshape(p.shape)
            if s == 2:
                ps[1].grad = None  # a parameter without a gradient is skipped
            opt.step()
            after.append([flat(p) for p in ps])
            if s + 1 == split:
                mid = dump(opt)
                # A second optimizer continues from the saved state, on copies of the parameters.
                # load_state_dict casts state tensors but step to the parameter's dtype (NAdam's
                # float32 mu_product becomes float64 for float64 parameters), so it may drift from opt.
                qs = [p.detach().clone().requires_grad_() for p in ps]
                opt2 = getattr(torch.optim, c['cls'])(qs, foreach=False)
                opt2.load_state_dict(copy.deepcopy(opt.state_dict()))
            if s + 1 > split:
                for q, p in zip(qs, ps):
                    q.grad = p.grad
                opt2.step()
        out.append({'init': init, 'grads': grads, 'after': after, 'midState': mid, 'finalState': dump(opt), 'loaded': [flat(q) for q in qs]})
    return out


def bad_option_messages(bad):
    """rejects bad options with PyTorch's ValueError text, naming the option"""
    import re
    def snake(k): return re.sub(r'([A-Z])', lambda m: '_' + m.group(1).lower(), k)
    out = []
    for cls, kw in bad:
        try:
            getattr(torch.optim, cls)([torch.zeros(2, requires_grad=True)], **{snake(k): (tuple(v) if isinstance(v, list) else v) for k, v in kw.items()})
            out.append(['', ''])
        except Exception as e:
            out.append([type(e).__name__, str(e)])
    return out


def defaults():
    """defaults are PyTorch's"""
    p = [torch.zeros(1, requires_grad=True)]
    out = {}
    for cls in ['Adadelta', 'Adamax', 'NAdam', 'RAdam']:
        out[cls] = {k: (list(v) if isinstance(v, tuple) else v) for k, v in getattr(torch.optim, cls)(p).defaults.items()}
    return out
