"""Oracle of test/optim/adam.test.ts: the shared optimizer table (_harness.py) run by PyTorch."""
from ._harness import bad_option_messages, defaults, load_ours, steps_and_states  # noqa: F401
import torch


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
