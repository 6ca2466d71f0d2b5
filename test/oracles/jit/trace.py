"""Oracle of test/jit/trace.test.ts."""
import torch


def run_saved(path, values):
    """Python's outputs of the saved module at `path` on the given inputs (nested lists)."""
    m = torch.jit.load(path)
    inputs = [torch.tensor(v) for v in values]
    out = m(*inputs)
    return {'out': out.tolist(), 'params': [n for n, _ in m.named_parameters()], 'code': m.code}
