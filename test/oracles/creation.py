"""Oracle of test/creation.test.ts."""
import math

import torch


# JSON has no inf/nan: both sides spell them as strings.
def clean(v):
    if isinstance(v, list): return [clean(e) for e in v]
    if isinstance(v, float) and not math.isfinite(v): return 'nan' if v != v else ('inf' if v > 0 else '-inf')
    return v


def R(t): return {'shape': list(t.shape), 'dtype': str(t.dtype)[6:], 'values': clean(t.tolist())}


# torch.tensor dtype inference: each case of the test, by name.
INFERENCE = {
    "a number is a 0-dim float32": lambda: torch.tensor(0.5),
    "numbers are float32": lambda: torch.tensor([[1., 2.], [3., 4.]]),
    "bigints are int64": lambda: torch.tensor([1, -2]),
    "a bigint is a 0-dim int64": lambda: torch.tensor(3),
    "booleans are bool": lambda: torch.tensor([True, False]),
    "a boolean is a 0-dim bool": lambda: torch.tensor(True),
    "bool and bigint give int64": lambda: torch.tensor([True, 2]),
    "bool and number give float32": lambda: torch.tensor([True, 2.5]),
    "bigint and number give float32": lambda: torch.tensor([1, 2.5]),
    "empty array": lambda: torch.tensor([]),
    "empty rows": lambda: torch.tensor([[], []]),
    "deeply empty": lambda: torch.tensor([[[]]]),
    "Float64Array": lambda: torch.tensor([1.5, 2.], dtype=torch.float64),
    "Float32Array": lambda: torch.tensor([0.1], dtype=torch.float32),
    "Int32Array": lambda: torch.tensor([1, -2], dtype=torch.int32),
    "Int16Array": lambda: torch.tensor([7], dtype=torch.int16),
    "Int8Array": lambda: torch.tensor([-8], dtype=torch.int8),
    "Uint8Array": lambda: torch.tensor([255, 0], dtype=torch.uint8),
    "Uint8ClampedArray": lambda: torch.tensor([9], dtype=torch.uint8),
    "BigInt64Array": lambda: torch.tensor([5]),
    "nested typed arrays keep their dtype": lambda: torch.tensor([[1, 2], [3, 4]], dtype=torch.int32),
    "one-element tensors in arrays": lambda: torch.tensor([torch.tensor(1), torch.tensor(2)]),
    "tensor and number": lambda: torch.tensor([torch.tensor(1.), 2]),
    "a tensor is copied": lambda: torch.arange(3).clone(),
    "dtype int64 from numbers": lambda: torch.tensor([0, 2], dtype=torch.int64),
    "int64 truncates": lambda: torch.tensor([1.5, -1.5], dtype=torch.int64),
    "bool from numbers": lambda: torch.tensor([0.5, 0], dtype=torch.bool),
    "float16 overflow is inf": lambda: torch.tensor([70000.], dtype=torch.float16),
    "bfloat16": lambda: torch.tensor([0.1, 3], dtype=torch.bfloat16),
    "float64 keeps doubles": lambda: torch.tensor([0.1, 1e300], dtype=torch.float64),
    "float32 rounds doubles": lambda: torch.tensor([0.1, 1e40]),
    "uint8 wraps negatives": lambda: torch.tensor([-1, -255], dtype=torch.uint8),
    "int16 from bigints": lambda: torch.tensor([[300, -2]], dtype=torch.int16),
    "dtype aliases": lambda: torch.tensor([1], dtype=torch.double),
}


def inference():
    return {name: R(f()) for name, f in INFERENCE.items()}


def integer_overflow_messages():
    out = []
    for f in [lambda: torch.tensor([300], dtype=torch.uint8), lambda: torch.tensor([float('nan')], dtype=torch.int64),
              lambda: torch.tensor([1e10], dtype=torch.int32), lambda: torch.tensor([-129], dtype=torch.int8)]:
        try: f(); out.append('no error')
        except Exception as e: out.append(str(e))
    return out


def int64_plus_one_str(big):
    return str(torch.tensor([int(big)]) + 1)


FACTORIES = {
    "zeros varargs": lambda: torch.zeros(2, 3),
    "zeros array": lambda: torch.zeros([2, 3]),
    "zeros dtype": lambda: torch.zeros(2, dtype=torch.int32),
    "zeros 0-dim": lambda: torch.zeros([]),
    "ones": lambda: torch.ones(3, 1, dtype=torch.float64),
    "full int": lambda: torch.full((2, 2), 7),
    "full float": lambda: torch.full((2,), 7.5),
    "full bool": lambda: torch.full((2,), True),
    "full dtype": lambda: torch.full((2,), 7, dtype=torch.float32),
    "arange(n)": lambda: torch.arange(5),
    "arange(start, end, step)": lambda: torch.arange(-3, 3, 2),
    "arange float step": lambda: torch.arange(0, 1, 0.25),
    "arange dtype": lambda: torch.arange(4, dtype=torch.float64),
    "linspace": lambda: torch.linspace(0, 1, 5),
    "linspace keyword": lambda: torch.linspace(-1, 1, steps=4, dtype=torch.float64),
    "eye": lambda: torch.eye(3),
    "eye rectangular": lambda: torch.eye(2, 3, dtype=torch.int64),
    "zerosLike": lambda: torch.zeros_like(torch.ones(2, 2, dtype=torch.int32)),
    "onesLike dtype": lambda: torch.ones_like(torch.zeros(3), dtype=torch.bool),
    "fullLike": lambda: torch.full_like(torch.zeros(2, 1), 3.25),
    "method onesLike on tensors": lambda: torch.zeros(2).new_ones([3]),
}


def factories():
    return {name: R(f()) for name, f in FACTORIES.items()}


def generator_factories():
    g = torch.Generator().manual_seed(1)
    out = {}
    out['rand'] = torch.rand(2, 2, generator=g).tolist()
    out['randn'] = torch.randn(3, generator=g).tolist()
    out['randint'] = torch.randint(0, 9, (4,), generator=g).tolist()
    out['randperm'] = torch.randperm(5, generator=g).tolist()
    out['rand_like'] = torch.rand_like(torch.zeros(2), generator=g).tolist()
    out['randn_like'] = torch.randn_like(torch.zeros(2), generator=g).tolist()
    out['randint_like'] = torch.randint_like(torch.zeros(2), 5, generator=g).tolist()
    return out
