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
