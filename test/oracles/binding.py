"""Oracle of test/binding.test.ts: where python3's PyTorch keeps its LibTorch."""
import os

import torch


def torch_dir():
    """The folder of the torch package (its lib/ holds libtorch_cpu.so and libc10.so)."""
    return os.path.dirname(torch.__file__)
