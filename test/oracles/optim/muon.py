"""Oracle of test/optim/muon.test.ts: the shared optimizer table (_harness.py) run by PyTorch."""
from ._harness import bad_option_messages, defaults, load_ours, steps_and_states  # noqa: F401

import torch


def errors():
    """PyTorch's messages for a 1-D parameter and for 100 Newton-Schulz steps"""
    out = []
    try:
        torch.optim.Muon([torch.zeros(2, 2, requires_grad=True), torch.zeros(5, requires_grad=True)])
    except ValueError as e:
        out.append(str(e))
    p = torch.zeros(2, 3, requires_grad=True)
    p.grad = torch.ones(2, 3)
    try:
        torch.optim.Muon([p], ns_steps=100).step()
    except ValueError as e:
        out.append(str(e))
    return out
