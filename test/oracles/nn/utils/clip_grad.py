"""Oracle of test/nn/utils/clip_grad.test.ts."""
import torch


def results():
    """nn.utils: gradient clipping and parameter/vector conversion on seeded inputs."""
    nn = torch.nn
    torch.manual_seed(7)
    m = nn.Sequential(nn.Linear(5, 4), nn.Tanh(), nn.Linear(4, 3))
    x = torch.randn(6, 5)
    out = {}
    for name, kw in [('l2', dict(max_norm=0.5)), ('inf', dict(max_norm=0.1, norm_type=float('inf'))), ('l1big', dict(max_norm=100.0, norm_type=1.0))]:
        m.zero_grad()
        (m(x) ** 2).sum().backward()
        total = nn.utils.clip_grad_norm_(m.parameters(), **kw)
        out[name] = {'total': total.item(), 'grads': [p.grad.tolist() for p in m.parameters()]}
    m.zero_grad(); (m(x) ** 2).sum().backward()
    nn.utils.clip_grad_value_(m.parameters(), 0.05)
    out['value'] = [p.grad.tolist() for p in m.parameters()]
    out['vec'] = nn.utils.parameters_to_vector(m.parameters()).tolist()
    return out


def extra():
    """get_total_norm, clip_grads_with_norm_, foreach=False, error_if_nonfinite, clip_grad_norm."""
    import warnings
    warnings.simplefilter('ignore')
    nn = torch.nn
    torch.manual_seed(11)
    m = nn.Sequential(nn.Linear(4, 3), nn.Linear(3, 2).double())
    out = {}
    def grads():
        m.zero_grad()
        for p in m.parameters():
            p.grad = torch.randn_like(p)
    grads()
    gs = [p.grad for p in m.parameters()]
    out['total3'] = nn.utils.get_total_norm(gs, 3.0).item()
    out['totalInf'] = nn.utils.get_total_norm(gs, float('inf'), foreach=False).item()
    total = nn.utils.get_total_norm(gs)
    nn.utils.clip_grads_with_norm_(m.parameters(), 0.3, total, foreach=False)
    out['withNorm'] = [p.grad.tolist() for p in m.parameters()]
    grads()
    out['noForeach'] = nn.utils.clip_grad_norm_(m.parameters(), 0.2, 1.0, foreach=False).item()
    out['noForeachGrads'] = [p.grad.tolist() for p in m.parameters()]
    grads()
    out['deprecated'] = nn.utils.clip_grad_norm(m.parameters(), 0.2).item()
    grads()
    nn.utils.clip_grad_value_(m.parameters(), 0.1, foreach=False)
    out['valueNoForeach'] = [p.grad.tolist() for p in m.parameters()]
    m[0].weight.grad[0, 0] = float('nan')
    try:
        nn.utils.clip_grad_norm_(m.parameters(), 1.0, error_if_nonfinite=True)
    except RuntimeError as e:
        out['nonfinite'] = str(e)
    try:
        nn.utils.clip_grad_norm_(m.parameters(), 1.0, norm_type='inf', error_if_nonfinite=True)
    except RuntimeError as e:
        out['nonfiniteInf'] = str(e)
    try:
        nn.utils.vector_to_parameters([1.0], m.parameters())
    except TypeError as e:
        out['vecType'] = str(e)
    return out
