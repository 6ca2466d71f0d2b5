"""Oracles of test/amp/grad_scaler.test.ts: torch.amp.GradScaler on CPU through a step sequence with
infs and NaNs injected by hand, its state dict and its errors."""
import math
import warnings

import torch

# Per step: the loss's coefficient, which gradient entry is poisoned (None, or [param, index, value]),
# whether unscale_ is called before step, and a new scale given to update.
STEPS = [
    {'c': 1.0, 'poison': None, 'unscale': False, 'new_scale': None},
    {'c': 2.0, 'poison': [0, 1, 'inf'], 'unscale': False, 'new_scale': None},
    {'c': 0.5, 'poison': None, 'unscale': True, 'new_scale': None},
    {'c': 1.5, 'poison': None, 'unscale': False, 'new_scale': None},
    {'c': -1.0, 'poison': [1, 0, 'nan'], 'unscale': True, 'new_scale': None},
    {'c': 3.0, 'poison': None, 'unscale': False, 'new_scale': None},
    {'c': 1.0, 'poison': [0, 2, '-inf'], 'unscale': False, 'new_scale': None},
    {'c': 0.25, 'poison': None, 'unscale': False, 'new_scale': 512.0},
    {'c': 1.0, 'poison': None, 'unscale': False, 'new_scale': None},
    {'c': 2.0, 'poison': None, 'unscale': False, 'new_scale': None},
]


def _value(v):
    return {'inf': math.inf, '-inf': -math.inf, 'nan': math.nan}[v]


def sequence():
    """Scale, growth tracker, parameters and stepped/skipped after each step; the final state dict."""
    p0 = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)
    p1 = torch.tensor([[0.5, 0.25], [-1.0, 2.0]], requires_grad=True)
    opt = torch.optim.SGD([p0, p1], lr=0.1, momentum=0.9)
    scaler = torch.amp.GradScaler('cpu', init_scale=1024.0, growth_factor=2.0, backoff_factor=0.25, growth_interval=2)
    rows = []
    for s in STEPS:
        opt.zero_grad()
        loss = (p0.pow(2).sum() + p1.mul(p0[:2]).sum()) * s['c']
        scaler.scale(loss).backward()
        if s['poison'] is not None:
            which, idx, v = s['poison']
            with torch.no_grad():
                [p0, p1][which].grad.view(-1)[idx] = _value(v)
        if s['unscale']:
            scaler.unscale_(opt)
        before = p0.detach().clone()
        scaler.step(opt)
        stepped = not torch.equal(before, p0.detach())
        scaler.update(s['new_scale'])
        rows.append({'scale': scaler.get_scale(), 'tracker': scaler._get_growth_tracker(), 'stepped': stepped,
                     'p0': p0.tolist(), 'p1': p1.tolist()})
    return {'rows': rows, 'state_dict': scaler.state_dict(), 'scaled_nested': _nested()}


def _nested():
    scaler = torch.amp.GradScaler('cpu', init_scale=8.0)
    out = scaler.scale([torch.tensor([1.0, 2.0]), (torch.tensor(3.0), [torch.tensor([[4.0]])])])
    return [out[0].tolist(), out[1][0].item(), out[1][1][0].tolist()]


def _msg(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001
        return [type(e).__name__, str(e)]
    return None


def errors():
    """Python's message for each misuse."""
    def setup():
        p = torch.tensor([1.0, 2.0], requires_grad=True)
        opt = torch.optim.SGD([p], lr=0.1)
        scaler = torch.amp.GradScaler('cpu')
        scaler.scale(p.sum()).backward()
        return p, opt, scaler

    out = {}
    p, opt, scaler = setup()
    scaler.unscale_(opt)
    out['unscale_twice'] = _msg(lambda: scaler.unscale_(opt))
    scaler.step(opt)
    out['step_twice'] = _msg(lambda: scaler.step(opt))
    out['unscale_after_step'] = _msg(lambda: scaler.unscale_(opt))
    scaler.update()
    out['update_without_checks'] = _msg(lambda: scaler.update())
    fresh = torch.amp.GradScaler('cpu')
    out['step_before_scale'] = _msg(lambda: fresh.step(opt))
    out['update_before_scale'] = _msg(lambda: fresh.update())
    out['unscale_before_scale'] = _msg(lambda: fresh.unscale_(opt))
    q = torch.tensor([1.0], requires_grad=True)
    no_grads = torch.optim.SGD([q], lr=0.1)
    p, opt, scaler = setup()
    out['no_inf_checks'] = _msg(lambda: scaler.step(no_grads))
    out['growth_factor'] = _msg(lambda: torch.amp.GradScaler('cpu', growth_factor=1.0))
    out['backoff_factor'] = _msg(lambda: torch.amp.GradScaler('cpu', backoff_factor=1.0))
    out['empty_state'] = _msg(lambda: scaler.load_state_dict({}))
    h = torch.tensor([1.0], dtype=torch.float16, requires_grad=True)
    opt16 = torch.optim.SGD([h], lr=0.1)
    h.grad = torch.tensor([1.0], dtype=torch.float16)
    out['fp16'] = _msg(lambda: scaler.unscale_(opt16))
    out['new_scale_shape'] = _msg(lambda: scaler.update(torch.tensor([1.0, 2.0])))
    out['closure'] = _msg(lambda: scaler.step(opt, closure=lambda: None))
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('always')
        cuda_scaler = torch.amp.GradScaler()
    out['cuda'] = {'enabled': cuda_scaler.is_enabled(), 'warnings': [str(x.message) for x in w],
                   'state_dict': cuda_scaler.state_dict(), 'scale': cuda_scaler.get_scale()}
    return out


def load_state():
    """A scaler loaded from a state dict, then one finite step and one inf step."""
    p = torch.tensor([1.0, 2.0], requires_grad=True)
    opt = torch.optim.SGD([p], lr=0.1)
    scaler = torch.amp.GradScaler('cpu')
    scaler.load_state_dict({'scale': 32.0, 'growth_factor': 4.0, 'backoff_factor': 0.5, 'growth_interval': 1, '_growth_tracker': 0})
    out = []
    for poison in (False, True):
        opt.zero_grad()
        scaler.scale(p.pow(2).sum()).backward()
        if poison:
            with torch.no_grad():
                p.grad[0] = math.inf
        scaler.step(opt)
        scaler.update()
        out.append([scaler.get_scale(), p.tolist()])
    return {'steps': out, 'state_dict': scaler.state_dict()}
