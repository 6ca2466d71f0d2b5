# Oracles of test/func/*.test.ts: torch.func transforms on small models, with the inputs they used.
import torch
from torch import nn
from torch.func import functional_call, grad, grad_and_value, hessian, jacfwd, jacrev, jvp, stack_module_state, vjp, vmap


def _msg(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001
        return str(e)
    return None


def _lists(d):
    return {k: v.tolist() for k, v in d.items()}


def _mlp():
    return nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 3))


def per_sample_grads():
    torch.manual_seed(0)
    model = _mlp()
    x = torch.randn(6, 4)
    t = torch.tensor([0, 2, 1, 1, 0, 2])
    params = {k: v.detach() for k, v in model.named_parameters()}

    def loss(p, xi, ti):
        out = functional_call(model, p, (xi.unsqueeze(0),))
        return nn.functional.cross_entropy(out, ti.unsqueeze(0))

    grads = vmap(grad(loss), in_dims=(None, 0, 0))(params, x, t)
    g2, values = vmap(grad_and_value(loss), in_dims=(None, 0, 0))(params, x, t)
    return {'params': _lists(params), 'x': x.tolist(), 't': t.tolist(), 'grads': _lists(grads), 'losses': values.tolist()}


def _f2(x, y):
    return torch.stack([(x * y).sum(), x.sin().prod() + y[0], (x.exp() * y.square()).sum()])


def jacobians():
    x = torch.tensor([0.3, -0.7, 1.1])
    y = torch.tensor([2.0, 0.5, -1.0])
    jr = jacrev(_f2, argnums=(0, 1))(x, y)
    jf = jacfwd(_f2, argnums=(0, 1))(x, y)
    ja = torch.autograd.functional.jacobian(_f2, (x, y))
    jr_chunk = jacrev(_f2, argnums=1, chunk_size=2)(x, y)
    h = hessian(lambda a: (a.pow(3) * a.roll(1)).sum())(x)

    def with_aux(a):
        return a.sin(), {'sum': a.sum()}

    jaux, aux = jacrev(with_aux, has_aux=True)(x)
    return {
        'jacrev': [t.tolist() for t in jr], 'jacfwd': [t.tolist() for t in jf], 'functional': [t.tolist() for t in ja],
        'jacrev_chunk': jr_chunk.tolist(), 'hessian': h.tolist(), 'jaux': jaux.tolist(), 'aux': aux['sum'].item(),
    }


def vjp_jvp():
    x = torch.tensor([0.3, -0.7, 1.1])
    y = torch.tensor([2.0, 0.5, -1.0])
    out, fn = vjp(_f2, x, y)
    gx, gy = fn(torch.tensor([1.0, -2.0, 0.5]))
    p, t = jvp(_f2, (x, y), (torch.ones(3), torch.zeros(3)))
    return {'out': out.tolist(), 'gx': gx.tolist(), 'gy': gy.tolist(), 'p': p.tolist(), 't': t.tolist()}


def ensemble():
    torch.manual_seed(1)
    models = [nn.Sequential(nn.Linear(3, 5), nn.BatchNorm1d(5), nn.Tanh(), nn.Linear(5, 2)).eval() for _ in range(4)]
    for m in models:
        m[1].running_mean.uniform_(-0.5, 0.5)
        m[1].running_var.uniform_(0.5, 1.5)
    x = torch.randn(7, 3)
    params, buffers = stack_module_state(models)
    base = models[0]

    def run(p, b, xb):
        return functional_call(base, (p, b), (xb,))

    out = vmap(run, in_dims=(0, 0, None))(params, buffers, x)
    loop = torch.stack([m(x) for m in models])
    return {
        'states': [_lists(m.state_dict()) for m in models], 'x': x.tolist(), 'out': out.tolist(),
        'loop_equal': torch.allclose(out, loop, atol=1e-6), 'param_keys': list(params), 'buffer_keys': list(buffers),
        'requires_grad': [v.requires_grad for v in params.values()],
    }


def vmap_modes():
    x = torch.arange(24.0).reshape(2, 3, 4)
    y = torch.tensor([1.0, -1.0, 2.0])
    r = {}
    r['in_dims_1'] = vmap(lambda a, b: a * b, in_dims=(1, 0))(x, y).tolist()
    r['out_dims_1'] = vmap(lambda a: a.sum(0), in_dims=2, out_dims=1)(x).tolist()
    r['nested'] = vmap(vmap(lambda a, b: a.dot(b), in_dims=(0, None)), in_dims=(0, None))(x, torch.ones(4)).tolist()
    r['tree'] = vmap(lambda d: {'s': d['a'] + d['b'][0], 't': d['b'][1] * 2}, in_dims=({'a': 0, 'b': (None, 1)},))(
        {'a': x[:, 0], 'b': (torch.ones(4), x[:, 1].T)})
    r['tree'] = {k: v.tolist() for k, v in r['tree'].items()}
    r['tuple_out'] = [t.tolist() for t in vmap(lambda a: (a.max(0).values, a.min()), out_dims=(1, 0))(x)]
    r['msg_out_dim_range'] = _msg(lambda: vmap(lambda a: a.max(), out_dims=1)(x))
    r['none_out'] = vmap(lambda a: (a * 2, 5.0), out_dims=(0, None))(y)[1]
    r['chunked'] = vmap(lambda a: a.cumsum(0), chunk_size=2)(x.reshape(6, 4)).tolist()
    torch.manual_seed(3)
    r['same'] = vmap(lambda a: a + torch.rand(()), randomness='same')(torch.zeros(3)).tolist()
    torch.manual_seed(3)
    r['different'] = vmap(lambda a: a + torch.rand(()), randomness='different')(torch.zeros(3)).tolist()
    r['msg_random'] = _msg(lambda: vmap(lambda a: a + torch.rand(()))(torch.zeros(3)))
    r['msg_sizes'] = _msg(lambda: vmap(lambda a, b: a + b)(torch.ones(2), torch.ones(3)))
    r['msg_in_dim_range'] = _msg(lambda: vmap(lambda a: a, in_dims=2)(torch.ones(2, 3)))
    r['msg_none'] = _msg(lambda: vmap(lambda a: a, in_dims=None)(torch.ones(2)))
    r['msg_no_inputs'] = _msg(lambda: vmap(lambda: torch.ones(2))())
    r['msg_non_tensor'] = _msg(lambda: vmap(lambda a, b: a, in_dims=(0, 0))(torch.ones(2), 3.0))
    r['msg_structure'] = _msg(lambda: vmap(lambda a, b: a, in_dims=(0, 0, 0))(torch.ones(2), torch.ones(2)))
    r['msg_out_none_batched'] = _msg(lambda: vmap(lambda a: a * 2, out_dims=None)(torch.ones(2)))
    r['msg_out_non_tensor'] = _msg(lambda: vmap(lambda a: 3.0)(torch.ones(2)))
    r['msg_grad_not_scalar'] = _msg(lambda: grad(lambda a: a * 2)(torch.ones(2)))
    r['msg_argnum'] = _msg(lambda: grad(lambda a: a.sum(), argnums=2)(torch.ones(2)))
    r['msg_randomness'] = _msg(lambda: vmap(lambda a: a, randomness='sometimes')(torch.ones(2)))
    return r


def loss_decompositions():
    # vmap over the losses torch.func batches by decomposition (weighted, ignore_index, reductions).
    torch.manual_seed(2)
    logits = torch.randn(5, 3, 4)
    target = torch.tensor([[0, 3, -100], [2, 2, 1], [-100, -100, 0], [1, 0, 3], [3, 3, 3]])
    weight = torch.tensor([0.5, 1.0, 2.0, 1.5])
    pred = torch.randn(5, 6)
    goal = torch.randn(5, 6)
    r = {'logits': logits.tolist(), 'target': target.tolist(), 'weight': weight.tolist(), 'pred': pred.tolist(), 'goal': goal.tolist()}
    for red in ('mean', 'sum', 'none'):
        def ce(lg, tg):
            return nn.functional.cross_entropy(lg, tg, weight=weight, ignore_index=-100, reduction=red).sum()
        r[f'ce_{red}'] = vmap(ce)(logits, target).tolist()
        r[f'ce_grad_{red}'] = vmap(grad(ce))(logits, target).tolist()
    r['mse_grad'] = vmap(grad(lambda p, g: nn.functional.mse_loss(p, g)))(pred, goal).tolist()
    return r


def wrapper_reprs():
    x = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
    out = []
    vmap(lambda a: out.append(repr(a)) or a)(x)
    vmap(vmap(lambda a: out.append(repr(a)) or a))(x)
    grad(lambda a: out.append(repr(a)) or a.sum())(torch.tensor([1.0, 2.0]))
    return out


def aux_and_argnums():
    x = torch.tensor([0.3, -0.7, 1.1])
    y = torch.tensor([2.0, 0.5, -1.0])

    def f(a, b):
        out = (a.sin() * b).sum()
        return out, {'double': out * 2}

    (gx, gy), aux = grad(f, argnums=(0, 1), has_aux=True)(x, y)
    out, fn, aux2 = vjp(lambda a: (a.exp(), a.sum()), x, has_aux=True)
    (g,) = fn(torch.ones(3))
    p, t, aux3 = jvp(lambda a: (a.exp(), a.cos()), (x,), (torch.ones(3),), has_aux=True)
    gb = grad(lambda a, b: (a * b).sum(), argnums=-1)(x, y)
    return {'gx': gx.tolist(), 'gy': gy.tolist(), 'aux': aux['double'].item(), 'vjp_g': g.tolist(), 'vjp_aux': aux2.item(),
            'jvp_t': t.tolist(), 'jvp_aux': aux3.tolist(), 'gb': gb.tolist(),
            'msg_unique': _msg(lambda: grad(lambda a, b: a.sum(), argnums=(0, 0))(x, y)),
            'msg_empty': _msg(lambda: grad(lambda a, b: a.sum(), argnums=())(x, y)),
            'msg_aux': _msg(lambda: grad(lambda a: a.sum(), has_aux=True)(x))}
