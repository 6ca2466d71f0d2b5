"""Oracle of test/ops/overloads.test.ts: overloads resolved by argument types, keywords, scalars,
result dtypes, out= and errors."""
import warnings

import torch

# The same inputs as the test.
x = torch.tensor([[1.5, -2.0, 3.25, 0.5], [4.0, -0.75, 2.0, -1.0], [0.25, 5.0, -3.0, 2.5]])
y = torch.tensor([[0.5, 1.0, -2.0, 4.0], [2.0, 3.0, 0.25, -1.5], [1.0, -4.0, 2.0, 0.5]])
i = torch.arange(12).reshape(3, 4)
c = x > 0

dt = lambda d: str(d).replace('torch.', '')


def plain(r):
    if isinstance(r, (tuple, list)):
        return [plain(e) for e in r]
    if isinstance(r, torch.Tensor):
        return {'v': r.tolist(), 'dtype': dt(r.dtype)}
    return {'v': r}


# The test's cases, by name.
CASES = {
    "add_tensor": lambda: x.add(y),
    "add_tensor_alpha": lambda: torch.add(x, y, alpha=0.5),
    "add_scalar": lambda: x.add(2),
    "add_scalar_alpha": lambda: x.add(2, alpha=3),
    "add_scalar_first": lambda: torch.add(2, x),
    "sub_scalar_first": lambda: torch.sub(1, x),
    "sub_scalar_first_alpha": lambda: torch.sub(1, x, alpha=2),
    "rsub": lambda: torch.rsub(x, 1),
    "mul_scalar": lambda: x.mul(2.5),
    "mul_bool": lambda: x.mul(True),
    "pow_tensor_scalar": lambda: x.pow(2),
    "pow_scalar_tensor": lambda: torch.pow(2, x),
    "pow_tensor_tensor": lambda: x.abs().pow(y),
    "sum_all": lambda: x.sum(),
    "sum_dim": lambda: x.sum(1),
    "sum_dim_keepdim_kw": lambda: torch.sum(x, dim=1, keepdim=True),
    "sum_dims": lambda: x.sum([0, 1]),
    "sum_positional_keepdim": lambda: torch.sum(x, 0, True),
    "sum_int_dtype": lambda: i.sum(dtype=torch.float64),
    "sum_int": lambda: i.sum(),
    "mean_dim": lambda: x.mean(0),
    "max_all": lambda: x.max(),
    "max_dim": lambda: x.max(1),
    "max_dim_keepdim": lambda: torch.max(x, 0, True),
    "max_dim_kw": lambda: torch.max(x, dim=0, keepdim=True),
    "max_other": lambda: x.max(y),
    "min_dim": lambda: x.min(0),
    "min_other": lambda: torch.min(x, y),
    "std_all": lambda: x.std(),
    "std_dim": lambda: x.std(1),
    "std_unbiased_false": lambda: x.std(1, False),
    "std_correction": lambda: x.std(dim=1, correction=0),
    "std_correction_keepdim": lambda: torch.std(x, 0, correction=2, keepdim=True),
    "var_dim": lambda: torch.var(x, 1),
    "var_keepdim": lambda: x.var([0, 1], keepdim=True),
    "split_int": lambda: x.split(2, 1),
    "split_sizes": lambda: x.split([1, 3], dim=1),
    "split_fn": lambda: torch.split(x, 2),
    "cat": lambda: torch.cat([x, y]),
    "cat_dim": lambda: torch.cat([x, y], 1),
    "stack_kw": lambda: torch.stack([x, y], dim=1),
    "where_scalar_other": lambda: torch.where(c, x, 0),
    "where_scalar_self": lambda: torch.where(c, 1.5, x),
    "where_scalars": lambda: torch.where(c, 1.5, -1),
    "where_int_scalars": lambda: torch.where(c, 1, -1),
    "where_method": lambda: x.where(c, y),
    "where_method_scalar": lambda: x.where(c, 7),
    "where_nonzero": lambda: torch.where(c),
    "clamp_min_kw": lambda: x.clamp(min=0),
    "clamp_both": lambda: x.clamp(-1, 1),
    "clamp_max_tensor": lambda: x.clamp(max=y),
    "clamp_fn": lambda: torch.clamp(x, min=-0.5, max=0.5),
    "view_varargs": lambda: x.view(-1, 2),
    "view_list": lambda: x.view([2, 6]),
    "view_dtype": lambda: x.view(torch.int32),
    "reshape_varargs": lambda: x.reshape(4, 3),
    "reshape_fn": lambda: torch.reshape(x, [6, 2]),
    "permute_varargs": lambda: x.permute(1, 0),
    "expand_varargs": lambda: x[0:1].expand(3, 4),
    "expand_minus_one": lambda: x[0:1].expand(2, -1),
    "repeat_varargs": lambda: x.repeat(2, 1),
    "flatten": lambda: x.flatten(),
    "transpose": lambda: x.transpose(0, 1),
    "div_tensor": lambda: x.div(y),
    "div_floor_camel": lambda: x.div(y, rounding_mode="floor"),
    "div_trunc_snake": lambda: torch.div(x, 2, rounding_mode="trunc"),
    "div_scalar_first": lambda: torch.div(1, x),
    "int_div": lambda: i.div(2),
    "int_add_int": lambda: i.add(1),
    "int_mul_int": lambda: i.mul(3),
    "int_add_float": lambda: i.add(0.5),
    "int_sub_first": lambda: torch.sub(10, i),
    "int_floor_divide": lambda: i.floor_divide(5),
    "int_remainder": lambda: i.remainder(5),
    "int_bigint": lambda: i.add(2**40),
    "eq_scalar": lambda: x.eq(0.5),
    "ge_scalar": lambda: x.ge(0),
    "masked_fill": lambda: x.masked_fill(c, 0),
    "full": lambda: torch.full([2, 3], 7),
    "full_float": lambda: torch.full([2], 1.5),
    "full_bool": lambda: torch.full([2], True),
    "arange_end": lambda: torch.arange(5),
    "arange_start_step": lambda: torch.arange(1, 2, 0.25),
    "arange_dtype": lambda: torch.arange(0, 6, 2, dtype=torch.float64),
    "zeros_varargs": lambda: torch.zeros(2, 3),
    "zeros_varargs_dtype": lambda: torch.zeros(2, 3, dtype=torch.int32),
    "ones_list": lambda: torch.ones([3]),
    "linspace": lambda: torch.linspace(0, 1, 5),
    "eye": lambda: torch.eye(2, 3),
    "zeros_like": lambda: torch.zeros_like(x, dtype=torch.int64),
    "log_softmax": lambda: x.log_softmax(1),
    "log_softmax_fn_kw": lambda: torch.log_softmax(x, dim=0),
    "softmax_dtype": lambda: torch.softmax(x, 1, dtype=torch.float64),
    "linear": lambda: torch.nn.functional.linear(x, y),
    "linear_bias": lambda: torch.nn.functional.linear(x, y, x[0, :3]),
    "matmul": lambda: x.matmul(y.t()),
    "sort": lambda: x.sort(1),
    "sort_desc": lambda: torch.sort(x, 0, descending=True),
    "topk": lambda: x.topk(2),
    "argmax": lambda: x.argmax(1),
    "cumsum": lambda: x.cumsum(0),
    "gather": lambda: x.gather(1, torch.tensor([[0], [1], [2]])),
    "addcdiv": lambda: torch.addcdiv(x, x, y, value=0.5),
    "addmm_beta": lambda: torch.addmm(x[:, :3], x, y.t(), beta=0.5, alpha=2),
    "lerp": lambda: torch.lerp(x, y, 0.25),
    "norm": lambda: x.norm(),
    "norm_p_dim": lambda: x.norm(1, 1),
    "is_floating_point": lambda: x.is_floating_point(),
    "is_contiguous": lambda: x.t().is_contiguous(),
    "nonzero": lambda: c.nonzero(),
    "unbind": lambda: x.unbind(1),
    "chunk": lambda: torch.chunk(x, 2, 1),
    "dropout_eval": lambda: torch.dropout(x, 0.3, False),
    "linalg_vector_norm": lambda: torch.linalg.vector_norm(x, 1, dim=1),
    "linalg_matrix_norm": lambda: torch.linalg.matrix_norm(x),
    "linalg_det": lambda: torch.linalg.det(x[:, :3]),
    "fft_fftfreq": lambda: torch.fft.fftfreq(5, 0.5),
    "fft_rfft_abs": lambda: torch.fft.rfft(x).abs(),
    "special_expit": lambda: torch.special.expit(x),
    "special_xlogy_scalar": lambda: torch.special.xlogy(2, x.abs()),
    "polygamma_method": lambda: x.abs().polygamma(1),
    "polygamma_fn": lambda: torch.polygamma(2, x.abs()),
    "ops_log_softmax": lambda: torch.ops.aten._log_softmax(x, 1, False),
    "ops_add_scalar": lambda: torch.ops.aten.add(x, 1),
    "ops_overload_qualified": lambda: torch.ops.aten.sum.dim_IntList(x, [1]),
    "ops_overload_default": lambda: torch.ops.aten.sum.default(x),
    "ops_overload_string": lambda: torch.ops.aten.add.Scalar(x, 2),
    # In place on self: one case per common C++ signature of an in-place overload.
    "inplace_sigmoid": lambda: x.clone().sigmoid_(),
    "inplace_mul_tensor": lambda: x.clone().mul_(y),
    "inplace_lerp_scalar": lambda: x.clone().lerp_(y, 0.25),
    "inplace_add_tensor_alpha": lambda: x.clone().add_(y, alpha=0.5),
    "inplace_sub_tensor_alpha": lambda: x.clone().sub_(y, alpha=2),
    "inplace_mul_scalar": lambda: x.clone().mul_(2.5),
    "inplace_div_scalar": lambda: x.clone().div_(3),
    "inplace_int_mul_int": lambda: i.clone().mul_(3),
    "inplace_add_scalar_alpha": lambda: x.clone().add_(2, alpha=3),
    "inplace_addcmul": lambda: x.clone().addcmul_(y, y, value=0.5),
    "inplace_addcdiv": lambda: x.clone().addcdiv_(x, y, value=-1),
    "inplace_broadcast_other": lambda: x.clone().mul_(y[0]),
}


def results():
    return {k: plain(f()) for k, f in CASES.items()}


def inplace_identity_and_errors():
    """In-place calls: self comes back (is), its version moves by one per call, and the errors."""
    x = globals()["x"].clone()
    out = {}
    for name, f in {"mul_": lambda t: t.mul_(2), "add_": lambda t: t.add_(1, alpha=2),
                    "lerp_": lambda t: t.lerp_(y, 0.5),
                    "addcmul_": lambda t: t.addcmul_(t, t, value=0.1), "sigmoid_": lambda t: t.sigmoid_()}.items():
        v = x._version
        out[name] = [f(x) is x, x._version - v]
    errors = {
        "broadcast": err(lambda: x.clone().mul_(torch.ones(2, 3, 4))),
        "int_by_float": err(lambda: torch.arange(3).mul_(2.5)),
        "leaf": err(lambda: torch.ones(2, requires_grad=True).add_(1)),
    }
    return {"identity": out, "errors": errors}


# Factories given out= and tensor options (and torch.set_default_device's device): Python's binding
# checks the options against out. Each call gets a fresh float32 CPU `o` of the shape it needs.
FACTORY_OUT = {
    "zeros_device_meta": (2, lambda o: torch.zeros(2, out=o, device="meta")),
    "ones_device_cpu": (2, lambda o: torch.ones(2, out=o, device="cpu")),
    "zeros_dtype_int64": (2, lambda o: torch.zeros(2, out=o, dtype=torch.int64)),
    "zeros_all_options": (2, lambda o: torch.zeros(2, out=o, dtype=torch.float32, layout=torch.strided,
                                                    device="cpu:0", pin_memory=False)),
    "zeros_layout_sparse": (2, lambda o: torch.zeros(2, out=o, layout=torch.sparse_coo)),
    "linspace_dtype_float64": (2, lambda o: torch.linspace(0, 1, 2, out=o, dtype=torch.float64)),
    "eye_device_meta": ((2, 2), lambda o: torch.eye(2, out=o, device="meta")),
    "full_dtype": (2, lambda o: torch.full((2,), 3, out=o, dtype=torch.float32)),
    "arange_dtype": (2, lambda o: torch.arange(2, out=o, dtype=torch.float32)),
    "randn_generator_dtype": (2, lambda o: torch.randn(2, out=o, generator=torch.Generator().manual_seed(1),
                                                      dtype=torch.float32)),
    "zeros_requires_grad": (2, lambda o: torch.zeros(2, out=o, requires_grad=True)),
    "zeros_device_none": (2, lambda o: torch.zeros(2, out=o, device=None, dtype=None)),
}
# The same under torch.set_default_device("meta").
FACTORY_OUT_DEFAULT_META = {
    "default_zeros": (2, lambda o: torch.zeros(2, out=o)),
    "default_arange": (3, lambda o: torch.arange(3, out=o)),
    "default_ones_device_cpu": (2, lambda o: torch.ones(2, out=o, device="cpu")),
    "default_full_dtype": (2, lambda o: torch.full((2,), 1.5, out=o, dtype=torch.float32)),
}


def factory_out_with_options():
    def run(shape, f):
        o = torch.empty(shape, device="cpu")
        try:
            r = f(o)
        except Exception as e:  # noqa: BLE001
            return [type(e).__name__, str(e)]
        return {"is_out": r is o, "device": str(r.device), "dtype": str(r.dtype)[6:],
                "requires_grad": r.requires_grad, "values": r.tolist()}
    out = {k: run(*c) for k, c in FACTORY_OUT.items()}
    torch.set_default_device("meta")
    try:
        out.update({k: run(*c) for k, c in FACTORY_OUT_DEFAULT_META.items()})
    finally:
        torch.set_default_device(None)
    return out


def err(f):
    try: f()
    except Exception as e: return [type(e).__name__, str(e)]


# 2^40 elements: past any machine's memory.
N = 2 ** 40
# Each factory with out= (randperm's out is int64, as its values need).
OOM = {
    "ones": lambda o: torch.ones([N], out=o),
    "zeros": lambda o: torch.zeros([N], out=o),
    "full": lambda o: torch.full([N], 1., out=o),
    "arange": lambda o: torch.arange(N, out=o),
    "linspace": lambda o: torch.linspace(0, 1, N, out=o),
    "eye": lambda o: torch.eye(2**20, out=o),
    "randn": lambda o: torch.randn([N], out=o),
    "randint": lambda o: torch.randint(10, [N], out=o),
    "randperm": lambda o: torch.randperm(N, out=o),
}


def crash_regressions():
    warnings.simplefilter('ignore')
    oom = {}
    for name, f in OOM.items():
        o = torch.zeros([1], dtype=torch.int64 if name == 'randperm' else torch.float32)
        oom[name] = err(lambda: f(o))
    x = torch.zeros(4)
    h = torch.histogram(torch.tensor([0.5, 1.5]), bins=3, range=(0, 3))
    o2 = torch.ones(2)
    return {'oom': oom, 'resize': err(lambda: x.resize_(N)), 'hist': [h.hist.tolist(), h.bin_edges.tolist()],
            'big': [str(v) for v in (torch.arange(3) + 2**60).tolist()],
            'scalarErrors': {k: err(lambda: getattr(torch, k)(o2, 2))[0] for k in ['maximum', 'atan2', 'hypot']},
            'ok': {'mul': torch.mul(o2, 2).tolist(), 'add': torch.add(o2, 2).tolist(), 'sub': torch.sub(2, o2).tolist(),
                   'copy_': torch.ones(2).copy_(2).tolist()}}


def keyword_resolutions():
    """Calls with keyword arguments whose names, order or value types change the overload (or the
    result), in the order the test makes them: each as [grad_fn name, dtype, shape, values], or
    [error type, message]."""
    xg = x.clone().requires_grad_()
    t0 = torch.tensor(0.5)
    tg = torch.tensor(0.5, requires_grad=True)
    row = torch.tensor([0, 1, 2, 3])
    calls = [
        lambda: xg.clamp(min=0),
        lambda: xg.clamp(min=t0),
        lambda: xg.clamp(min=tg),
        lambda: xg.clamp(min=row),
        lambda: xg.clamp(min=0.25),
        lambda: torch.sum(x, dim=1),
        lambda: torch.sum(x, dim=1, keepdim=True),
        lambda: torch.sum(x, keepdim=True, dim=1),
        lambda: torch.sum(x, dtype=torch.float64),
        lambda: torch.sum(i, dim=0, dtype=torch.float32),
        lambda: i.add(i, alpha=2),
        lambda: i.add(i, alpha=2.5),
        lambda: x.add(y, alpha=2.5),
        lambda: torch.div(x, y, rounding_mode='floor'),
        lambda: torch.div(x, y, rounding_mode=None),
        lambda: torch.div(i, 4, rounding_mode='trunc'),
    ]
    out = []
    for f in calls:
        try:
            r = f()
        except Exception as e:  # noqa: BLE001
            out.append([type(e).__name__, str(e)])
            continue
        out.append([r.grad_fn.name() if r.grad_fn is not None else None, dt(r.dtype), list(r.shape), r.tolist()])
    return out
