"""The TorchScript model of test/jit/async.test.ts (named async_calls: `async` is a Python keyword).

TorchScript reads the class's source, so it lives at module level in a file.
"""
import torch
from torch import nn, Tensor


class Slow(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(64, 64)
    def forward(self, x: Tensor, n: int) -> Tensor:
        for _ in range(n):
            x = torch.tanh(self.fc(x))
        return x
    @torch.jit.export
    def check(self, x: Tensor) -> Tensor:
        if bool(x.sum() < 0):
            raise ValueError('negative sum')
        return x * 2


def save_slow(path):
    torch.jit.script(Slow()).save(path)
