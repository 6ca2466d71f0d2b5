# Oracles of test/autograd/functional.test.ts: torch.autograd.functional's six functions.
import torch
import torch.autograd.functional as AF


def _msg(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001
        return str(e)
    return None


def _f(x, y):
    return (x.sin() * y).cumsum(0), (x * y.exp()).sum()


def _s(x, y):
    return (x.pow(3) * y).sum() + (x * y).sin().sum()


X = [0.3, -0.7, 1.1]
Y = [2.0, 0.5, -1.0]
V = [1.0, -2.0, 0.5]


def _t(v):
    if isinstance(v, torch.Tensor):
        return v.tolist()
    return [_t(e) for e in v]


def all_six():
    x = torch.tensor(X)
    y = torch.tensor(Y)
    v = torch.tensor(V)
    r = {}
    for vec in (False, True):
        r[f'jac_{vec}'] = _t(AF.jacobian(_f, (x, y), vectorize=vec))
        r[f'hess_{vec}'] = _t(AF.hessian(_s, (x, y), vectorize=vec))
    r['jac_fwd'] = _t(AF.jacobian(_f, (x, y), vectorize=True, strategy='forward-mode'))
    r['hess_fwd'] = _t(AF.hessian(_s, (x, y), vectorize=True, outer_jacobian_strategy='forward-mode'))
    r['jac_single'] = _t(AF.jacobian(lambda a: a.exp() * a.sum(), x))
    out, g = AF.vjp(_f, (x, y), (v, torch.tensor(2.0)))
    r['vjp'] = [_t(out), _t(g)]
    out, g = AF.jvp(_f, (x, y), (v, v.flip(0)))
    r['jvp'] = [_t(out), _t(g)]
    out, g = AF.hvp(_s, (x, y), (v, v))
    r['hvp'] = [out.item(), _t(g)]
    out, g = AF.vhp(_s, (x, y), (v, v))
    r['vhp'] = [out.item(), _t(g)]
    # create_graph: the result is differentiable again.
    xs = x.clone().requires_grad_()
    _, g = AF.vjp(lambda a: a.pow(3).sum(), xs, create_graph=True)
    r['vjp_cg_requires_grad'] = g.requires_grad
    r['vjp_cg_second'] = _t(torch.autograd.grad(g.sum(), xs)[0])
    j = AF.jacobian(lambda a: a.pow(3), xs, create_graph=True, vectorize=True)
    r['jac_cg_second'] = _t(torch.autograd.grad(j.sum(), xs)[0])
    _, hv = AF.hvp(lambda a: a.pow(4).sum(), xs, v, create_graph=True)
    r['hvp_cg_second'] = _t(torch.autograd.grad(hv.sum(), xs)[0])
    r['msg_v_none'] = _msg(lambda: AF.vjp(_f, (x, y)))
    r['msg_v_len'] = _msg(lambda: AF.vjp(_f, (x, y), (v,)))
    r['msg_v_size'] = _msg(lambda: AF.jvp(_f, (x, y), (v, torch.ones(2))))
    r['msg_strict'] = _msg(lambda: AF.jacobian(lambda a, b: a * 2, (x, y), strict=True))
    r['msg_hess_single'] = _msg(lambda: AF.hessian(lambda a: a * 2, x))
    r['msg_fwd_loop'] = _msg(lambda: AF.jacobian(_f, (x, y), strategy='forward-mode'))
    r['msg_input_type'] = _msg(lambda: AF.jacobian(_f, (x, 3)))
    r['strict_zero_jac'] = _t(AF.jacobian(lambda a, b: a * 2, (x, y)))
    return r
