"""Oracle of test/mapped_file.test.ts."""
import torch


def read_written_values(path):
    """reads the values PyTorch wrote, for several dtypes, offsets and strides"""
    a = torch.arange(6, dtype=torch.float32).reshape(2, 3) / 7
    b = torch.tensor([-(2**62), 5, 2**53 + 1], dtype=torch.int64)
    c = torch.tensor([1.5, -2.25, 3e38, 1e-3]).to(torch.bfloat16)
    d = torch.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=torch.float64) / 3
    with open(path, 'wb') as f:
        f.write(b'x' * 8)
        for t in (a, b, c.view(torch.int16), d):
            f.write(t.numpy().tobytes())
        f.write(b'!')
    return {'f32': a.tolist(), 'i64': [str(v) for v in b.tolist()], 'bf16': c.float().tolist(), 'f64': d.tolist(), 'tf64': d.t().tolist()}


def unaligned_values(path):
    """copies memory not aligned to the element size (same values, not file-backed)"""
    a = torch.tensor([1.25, -3.5, 1e10], dtype=torch.float32)
    open(path, 'wb').write(b'\x07' + a.numpy().tobytes())
    return a.tolist()
