"""Oracle of test/optim/optimizer.test.ts: optimizers built with positional hyper-parameters."""
import re
import torch


def positional_groups(cases):
    """Each case [class name, positional values]: the first param group's options, camelCased."""
    out = {}
    for name, (cls, values) in cases.items():
        values = [tuple(v) if isinstance(v, list) else v for v in values]
        opt = getattr(torch.optim, cls)([torch.zeros(2, requires_grad=True)], *values)
        group = {re.sub(r'_([a-z])', lambda m: m.group(1).upper(), k): (list(v) if isinstance(v, tuple) else v)
                 for k, v in opt.param_groups[0].items() if k != 'params'}
        out[name] = group
    return out



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


def _camel(k):
    return re.sub(r'_([a-z])', lambda m: m.group(1).upper(), k)


def state_dict_hooks():
    """The state dict and load state dict hooks: call order (prepend), changes in place, replacements."""
    p = torch.zeros(2, requires_grad=True)
    opt = torch.optim.SGD([p], lr=0.1, momentum=0.9)
    p.grad = torch.ones(2)
    opt.step()
    calls = []
    h1 = opt.register_state_dict_pre_hook(lambda o: calls.append('pre1'))
    opt.register_state_dict_pre_hook(lambda o: calls.append('pre0'), prepend=True)

    def post1(o, sd):
        calls.append('post1')
        sd['extra'] = 1

    def post2(o, sd):
        calls.append('post2')
        return {**sd, 'replaced': True}
    opt.register_state_dict_post_hook(post1)
    opt.register_state_dict_post_hook(post2)
    opt.register_state_dict_post_hook(lambda o, sd: calls.append('post0 ' + ','.join(sorted(_camel(k) for k in sd))), prepend=True)
    sd = opt.state_dict()
    first = {'calls': calls[:], 'keys': sorted(_camel(k) for k in sd)}
    h1.remove()
    calls.clear()
    opt.state_dict()
    second = calls[:]

    q = torch.zeros(2, requires_grad=True)
    opt2 = torch.optim.SGD([q], lr=0.3)
    lcalls = []

    def lpre1(o, sd):
        lcalls.append('lpre1 ' + ','.join(sorted(_camel(k) for k in sd)))
        del sd['junk']

    def lpre2(o, sd):
        lcalls.append('lpre2')
        return {'state': sd['state'], 'param_groups': [dict(sd['param_groups'][0], lr=0.5)]}
    opt2.register_load_state_dict_pre_hook(lpre1)
    opt2.register_load_state_dict_pre_hook(lpre2)
    opt2.register_load_state_dict_pre_hook(lambda o, sd: lcalls.append('lpre0'), prepend=True)
    opt2.register_load_state_dict_post_hook(lambda o: lcalls.append('lpost1 %s' % o.param_groups[0]['lr']))
    h = opt2.register_load_state_dict_post_hook(lambda o: lcalls.append('lpost0'), prepend=True)
    given = {'state': opt.state_dict()['state'], 'param_groups': opt.state_dict()['param_groups'], 'junk': 1}
    opt2.load_state_dict(given)
    load = {'calls': lcalls[:], 'callerKeys': sorted(_camel(k) for k in given), 'lr': opt2.param_groups[0]['lr'],
            'momentumBuffer': opt2.state[q]['momentum_buffer'].tolist()}
    h.remove()
    lcalls.clear()
    given['junk'] = 2
    opt2.load_state_dict(given)
    load['second'] = lcalls[:]
    return {'first': first, 'second': second, 'load': load}


def step_hooks():
    """Step hooks: global pre, own pre, the step (closure), own post, global post; replaced arguments."""
    from torch.optim.optimizer import register_optimizer_step_post_hook, register_optimizer_step_pre_hook
    calls = []
    p = torch.tensor([1.0, 2.0], requires_grad=True)
    gpre = register_optimizer_step_pre_hook(lambda o, a, k: calls.append('gpre ' + type(o).__name__))
    gpost = register_optimizer_step_post_hook(lambda o, a, k: calls.append('gpost'))
    try:
        opt = torch.optim.SGD([p], lr=0.5)
        opt.register_step_pre_hook(lambda o, a, k: calls.append('pre %d' % (len(a) - 1)))
        opt.register_step_post_hook(lambda o, a, k: calls.append('post'))

        def closure():
            calls.append('closure')
            opt.zero_grad()
            loss = (p * p).sum()
            loss.backward()
            return loss
        out = [opt.step(closure).item()]

        def closure2():
            calls.append('closure2')
            return torch.tensor(7.0)
        h = opt.register_step_pre_hook(lambda o, a, k: ((a[0], closure2), k))
        out.append(opt.step(closure).item())
        h.remove()
        gpre.remove()
        gpost.remove()
        opt.step()
        after = p.tolist()
        # LBFGS: the pre-hooks run before its first closure call.
        lb = torch.optim.LBFGS([p], max_iter=1)
        lb.register_step_pre_hook(lambda o, a, k: calls.append('lbfgs pre'))
        lb.step(closure)
        return {'calls': calls, 'out': out, 'after': after}
    finally:
        gpre.remove()
        gpost.remove()
