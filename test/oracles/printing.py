"""Oracle of test/printing.test.ts: str() of tensors under print options."""
import hashlib
import warnings

import torch

# The tensors of the test's cases, by name, each built after torch.manual_seed(0).
CASES = {
    "requires_grad suffix": lambda: torch.tensor([[0.1, 0.2]], requires_grad=True),
    "int64 matrix": lambda: torch.arange(12).view(3, 4),
    "negative ints": lambda: torch.arange(-5, 5),
    "3-d randn": lambda: torch.randn(3, 4, 5),
    "4-d randn": lambda: torch.randn(2, 2, 2, 3),
    "summarised vector": lambda: torch.arange(2000),
    "summarised matrix": lambda: torch.randn(100, 100),
    "summarised 3-d": lambda: torch.randn(10, 10, 20),
    "summarised only in the last dim": lambda: torch.randn(2, 1200),
    "threshold exactly 1000": lambda: torch.arange(1000.),
    "long vector wraps at linewidth": lambda: torch.arange(30.) / 7,
    "long int vector wraps": lambda: torch.arange(100) * 1001,
    "sci mode by ratio": lambda: torch.tensor([1e-5, 1., 1e10]),
    "sci mode by small values": lambda: torch.tensor([1e-5, 3e-5]),
    "sci mode by large values": lambda: torch.tensor([1e8, 2e8]),
    "sci mode ints": lambda: torch.tensor([1e9, 1.]),
    "sci mode negative": lambda: torch.tensor([-1.5e-7, 2.25e3]),
    "int mode floats": lambda: torch.tensor([1., 2., -300.]),
    "fixed mode wide": lambda: torch.tensor([12345.678, 1.5]),
    "inf, nan, negative zero": lambda: torch.tensor([-0.0, float('inf'), float('nan')]),
    "nan among ints": lambda: torch.tensor([float('nan'), 1., 2.]),
    "nan among fractions": lambda: torch.tensor([float('nan'), -float('inf'), 0.25]),
    "all zeros": lambda: torch.zeros(2, 3),
    "negative zero and fraction": lambda: torch.tensor([-0., 1.5]),
    "0-dim float": lambda: torch.tensor(0.5),
    "0-dim negative zero": lambda: torch.tensor(-0.0),
    "0-dim integer float": lambda: torch.tensor(3.),
    "0-dim large": lambda: torch.tensor(1e20),
    "0-dim int64": lambda: torch.tensor(7),
    "0-dim int32": lambda: torch.tensor(5, dtype=torch.int32),
    "0-dim bool": lambda: torch.tensor(True),
    "0-dim requires grad": lambda: torch.tensor(2., requires_grad=True),
    "empty 2-d": lambda: torch.zeros(0, 3),
    "empty 1-d float": lambda: torch.zeros(0),
    "empty int64": lambda: torch.zeros(0, dtype=torch.int64),
    "empty 3-d float64": lambda: torch.zeros(2, 0, 3, dtype=torch.float64),
    "empty bool": lambda: torch.zeros(0, 2, dtype=torch.bool),
    "int32": lambda: torch.tensor([1, 2], dtype=torch.int32),
    "int8": lambda: torch.tensor([-128, 5], dtype=torch.int8),
    "int16": lambda: torch.tensor([[300, -2], [7, 8]], dtype=torch.int16),
    "uint8": lambda: torch.arange(250, 256, dtype=torch.uint8),
    "float64": lambda: torch.tensor([1.5, 2.25], dtype=torch.float64),
    "float16": lambda: torch.tensor([0.1, 65504., -2.], dtype=torch.float16),
    "bfloat16": lambda: torch.randn(2, 2, dtype=torch.bfloat16),
    "bool": lambda: torch.tensor([[True, False], [False, True]]),
    "int64 beyond 2^53": lambda: torch.tensor([2**62, -5]),
    "grad_fn": lambda: torch.ones(3, requires_grad=True).exp(),
    "grad_fn of a sum": lambda: torch.ones(3, requires_grad=True).sum(),
    "grad_fn with dtype": lambda: torch.randn(3, 8, dtype=torch.float64, requires_grad=True).mul(torch.tensor(2., dtype=torch.float64)),
    "suffix on a new line": lambda: torch.randn(2, 7, dtype=torch.float64, requires_grad=True),
    "suffix on a new line (vector)": lambda: torch.randn(8, dtype=torch.float64) * 1000,
    "non-contiguous": lambda: torch.arange(12.).view(3, 4).t(),
    "expanded": lambda: torch.tensor([1., 2.]).expand(3, 2),
    "complex": lambda: torch.complex(torch.tensor([1., -2.5]), torch.tensor([0.5, -1.])),
    "complex128": lambda: torch.complex(torch.tensor([1e-5, 3.]), torch.tensor([2., 0.])).to(torch.complex128),
    "meta device": lambda: torch.empty(2, 3, device='meta'),
    "meta int": lambda: torch.empty(4, dtype=torch.int32, device='meta'),
    "denormal doubles": lambda: torch.tensor([5e-324, 1.], dtype=torch.float64),
    "extreme doubles": lambda: torch.tensor([1.7e308, -1e-300], dtype=torch.float64),
    "int64 extremes": lambda: torch.tensor([-2**63, 2**63 - 1]),
    "float32 max": lambda: torch.tensor([3.4028234663852886e38, 1.]),
    "int mode just below 1e8": lambda: torch.tensor([99999999., 1.], dtype=torch.float64),
    "sci above 1e8": lambda: torch.tensor([123456789., 1.]),
    "0-dim sci": lambda: torch.tensor(1e-10),
    "0-dim nan": lambda: torch.tensor(float('nan')),
    "0-dim uint8": lambda: torch.tensor(200, dtype=torch.uint8),
    "complex with nan and inf": lambda: torch.complex(torch.tensor([float('nan'), 1.]), torch.tensor([float('inf'), -0.])),
    "complex sci": lambda: torch.complex(torch.tensor([1e-6, 2.]), torch.tensor([3e5, 1.])),
    "complex summarised": lambda: torch.complex(torch.randn(1200), torch.randn(1200)),
    "complex 0-dim": lambda: torch.complex(torch.tensor(1.5), torch.tensor(-2.)),
    "conjugate view": lambda: torch.complex(torch.tensor([1., 2.]), torch.tensor([3., -4.])).conj(),
    "negative view": lambda: torch._neg_view(torch.tensor([1., -2.5])),
    "many rows, few columns": lambda: torch.arange(3000.).view(1500, 2),
    "wide 2-d wraps rows": lambda: torch.randn(2, 20),
    "wide 3-d wraps rows": lambda: torch.randn(2, 2, 15),
    "expanded scalar (all-zero strides)": lambda: torch.tensor(5.).expand(3, 2),
    "sparse COO": lambda: torch.eye(2).to_sparse(),
    "sparse COO empty": lambda: torch.zeros(2, 3).to_sparse(),
    "sparse COO requires grad": lambda: torch.eye(2, dtype=torch.float64).to_sparse().requires_grad_(),
    "sparse CSR": lambda: torch.eye(3, dtype=torch.float64).to_sparse_csr(),
    "sparse CSC": lambda: torch.eye(3).to_sparse_csc(),
    "sparse BSR": lambda: torch.eye(4).to_sparse_bsr((2, 2)),
    "precision 2 rounds half to even": lambda: torch.tensor([0.125, 0.375, 2.5], dtype=torch.float64),
    "precision 0": lambda: torch.tensor([0.5, 1.5, 2.7]),
    "precision 8": lambda: torch.randn(3),
    "threshold 5": lambda: torch.arange(10),
    "edgeitems 1": lambda: torch.randn(5, 6),
    "edgeitems 0": lambda: torch.randn(5, 6),
    "edgeitems 0 vector": lambda: torch.randn(9),
    "linewidth 30": lambda: torch.randn(4, 6),
    "sci mode forced on": lambda: torch.tensor([1.5, 2.]),
    "sci mode forced off": lambda: torch.tensor([1e-7, 1e12]),
    "profile short": lambda: torch.randn(3, 3),
    "profile full": lambda: torch.arange(1100),
    "precision 1000 (sci by ratio)": lambda: torch.tensor([0.1, 1e-30, 3e38, -0.0, float('nan'), float('inf')]),
    "precision 1000 fixed": lambda: torch.tensor([0.1, 1e-30, 3e38, -0.0, float('nan'), -float('inf')]),
    "precision 1000 fixed 0-dim": lambda: torch.tensor(0.1),
    "precision 1000 sci ints": lambda: torch.tensor([1., 3e38]),
    "precision 1000 float64 rounds": lambda: torch.tensor([0.1, 5e-324, -1.7e308], dtype=torch.float64),
    "precision 1100 float64": lambda: torch.tensor([0.1, 5e-324, -1.7e308], dtype=torch.float64),
    "precision 1101 float64": lambda: torch.tensor([0.1, 5e-324, -1.7e308], dtype=torch.float64),
    "precision 1200 float64 sci": lambda: torch.tensor([0.1, 5e-324, -1.7e308], dtype=torch.float64),
    "precision 760 float64 sci rounds": lambda: torch.tensor([2.2250738585072014e-308, 4.9406564584124654e-324], dtype=torch.float64),
    "precision 1500 complex": lambda: torch.complex(torch.tensor([0.1, -2.]), torch.tensor([1e-3, 3.])),
    "linewidth 0": lambda: torch.randn(2, 3),
    "linewidth huge": lambda: torch.randn(2, 40),
    "threshold 0": lambda: torch.randn(8),
    "edgeitems huge": lambda: torch.arange(12),
}


def sweep(scale, shape, dtype, round):
    x = torch.randn(shape, dtype=torch.float64) * scale
    return (x.round() if round else x).to(getattr(torch, dtype))


def strings(cases):
    """str() of each case: [[name, set_printoptions keywords or None, sweep arguments or None], ...]"""
    warnings.filterwarnings('ignore')
    out = []
    for name, opts, sweep_args in cases:
        torch.manual_seed(0)
        if opts: torch.set_printoptions(**opts)
        out.append(str(sweep(*sweep_args) if sweep_args else CASES[name]()))
        torch.set_printoptions(profile='default', sci_mode=None)
    return out


def precision_errors():
    """the precisions rejected are those Python cannot format either"""
    out = []
    for p in [-1, 1.5, float('nan'), float('inf'), 2**31]:
        torch.set_printoptions(precision=p)
        try:
            str(torch.tensor([0.5]))
            out.append('ok')
        except ValueError as e:
            out.append('ValueError')
    torch.set_printoptions(profile='default')
    return out


# The tensors of 'printing with a huge precision', in the test's order.
HUGE = [
    lambda: torch.tensor([0.1]),
    lambda: torch.tensor([0.1]),
    lambda: torch.tensor([1e-30, 3e38, -0.0, float('nan'), float('inf')]),
    lambda: torch.tensor([1e-30, 3e38, -0.0, float('nan'), float('inf')]),
    lambda: torch.tensor([0.1, 5e-324, -1.7e308], dtype=torch.float64),
    lambda: torch.tensor([0.1, 5e-324, -1.7e308], dtype=torch.float64),
    lambda: torch.tensor(-0.0),
]


def huge_precision(sci_modes):
    """precision 1e6 prints what Python prints (compared by length, ends and SHA-256)"""
    out = []
    for f, sci in zip(HUGE, sci_modes):
        torch.set_printoptions(precision=10**6, sci_mode=sci)
        s = str(f())
        out.append({'length': len(s), 'head': s[:60], 'tail': s[-60:], 'sha256': hashlib.sha256(s.encode()).hexdigest()})
    return out
