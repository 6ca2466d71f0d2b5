"""Oracle of test/nn/functional/loss.test.ts."""
from oracles.nn import loss_cases


def cases(table):
    """The test's table of loss function cases (see oracles/nn/loss_cases.py), keyed by name."""
    return loss_cases.run_cases(table)


def errors(table):
    """PyTorch's message for each call of the test's error table, keyed by name."""
    return loss_cases.errors(table)


def warnings():
    """The warnings of the test's calls, in order, each shown once (Python's default filter shows one per line)."""
    import warnings as w
    import torch
    import torch.nn.functional as F
    with w.catch_warnings(record=True) as got:
        w.simplefilter('default')
        for _ in range(2):
            F.mse_loss(torch.randn(2, 5), torch.randn(5))
            F.l1_loss(torch.randn(2, 6), torch.randn(6))
            F.smooth_l1_loss(torch.randn(2, 7), torch.randn(7))
            F.huber_loss(torch.randn(2, 8), torch.randn(8))
            F.kl_div(torch.randn(2, 3), torch.rand(2, 3))
            F.mse_loss(torch.randn(2, 3), torch.randn(2, 3))
    return [str(g.message) for g in got]
