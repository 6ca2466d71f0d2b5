"""Oracle of test/nn/functional/loss.test.ts."""
from oracles.nn import loss_cases


def cases(table):
    """The test's table of loss function cases (see oracles/nn/loss_cases.py), keyed by name."""
    return loss_cases.run_cases(table)


def errors(table):
    """PyTorch's message for each call of the test's error table, keyed by name."""
    return loss_cases.errors(table)
