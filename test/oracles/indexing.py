"""Oracle of test/indexing.test.ts: Python's x[...] and x[...] = v, views, autograd and errors."""
import os
import sys
import warnings

import torch

# The article's BReLU is examples/article_models.py's (one Python definition for the project).
_examples = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'examples')
if _examples not in sys.path:
    sys.path.append(_examples)
from article_models import BReLU  # noqa: E402

# The test's x.
x = torch.arange(60.).view(3, 4, 5)


def S(idx, v, base=x):
    """x[idx] = v on a clone."""
    y = base.clone()
    y[idx] = v
    return y


def R(t): return {'shape': list(t.shape), 'dtype': str(t.dtype)[6:], 'values': t.tolist()}


# The test's cases, by name.
CASES = {
    "x[0]": lambda: x[0],
    "x[-1]": lambda: x[-1],
    "single number without array": lambda: x[2],
    "x[1, 2]": lambda: x[1, 2],
    "bigint numbers": lambda: x[1, -2],
    "x[1, 2, 3] (0-dim)": lambda: x[1, 2, 3],
    "x[:, 1]": lambda: x[:, 1],
    "x[..., 1]": lambda: x[..., 1],
    "x[0, ..., 2]": lambda: x[0, ..., 2],
    "x[None]": lambda: x[None],
    "x[:, None, 1]": lambda: x[:, None, 1],
    "x[None, ..., None]": lambda: x[None, ..., None],
    "x[..., ...]": lambda: x[..., ...],
    "x[1:3] (torch.slice)": lambda: x[1:3],
    "x[1:3] (string)": lambda: x[1:3],
    "x[::2]": lambda: x[::2],
    "x[-2:]": lambda: x[-2:],
    "x[:-1]": lambda: x[:-1],
    "x[:, ::2, 1:4:2]": lambda: x[:, ::2, 1:4:2],
    "x[10:20] (empty)": lambda: x[10:20],
    "x[-100:2]": lambda: x[-100:2],
    "huge slice bounds clamp": lambda: x[10**20:],
    "huge negative start, huge stop": lambda: x[-10**20:10**30],
    "huge step": lambda: x[::2**62],
    "x[()]": lambda: x[()],
    "x[...]": lambda: x[...],
    "torch.indexing names": lambda: x[:, None, ..., 1:],
    "x[torch.tensor(1)] (0-dim index tensor)": lambda: x[torch.tensor(1)],
    "x[[0, 2]]": lambda: x[[0, 2]],
    "x[[-1]]": lambda: x[[-1]],
    "x[[0, 2], 1]": lambda: x[[0, 2], 1],
    "x[:, [0, 3]]": lambda: x[:, [0, 3]],
    "x[[0, 2], :, [1, 4]] (separated: dims first)": lambda: x[[0, 2], :, [1, 4]],
    "x[:, [0, 1], [2, 3]]": lambda: x[:, [0, 1], [2, 3]],
    "x[1:, [0], 2]": lambda: x[1:, [0], 2],
    "2-d index array": lambda: x[torch.tensor([[0, 1], [2, 0]])],
    "broadcast index arrays": lambda: x[[[0], [2]], [1, 3]],
    "index tensor int64": lambda: x[torch.arange(0, 3, 2)],
    "index tensor int32": lambda: x[:, torch.tensor([3, 0], dtype=torch.int32)],
    "x[1, torch.tensor([0, 2])]": lambda: x[1, torch.tensor([0, 2])],
    "x[:, index 2-d tensor]": lambda: x[:, torch.tensor([[0, 1], [2, 3]])],
    "empty index array": lambda: x[torch.tensor([], dtype=torch.int64)],
    "advanced then None": lambda: x[[0, 1], None],
    "x[x > 30]": lambda: x[x > 30],
    "x[mask2d]": lambda: x[x[:, :, 0] > 20],
    "x[:, mask1d]": lambda: x[:, torch.tensor([True, False, True, True])],
    "boolean array": lambda: x[torch.tensor([True, False, True])],
    "uint8 mask": lambda: x[torch.tensor([1, 0, 1], dtype=torch.uint8).bool()],
    "x[True]": lambda: x[True],
    "x[False]": lambda: x[False],
    "x[0, True]": lambda: x[0, True],
    "x[torch.tensor(True)]": lambda: x[torch.tensor(True)],
    "mask and number": lambda: x[torch.tensor([True, False, True]), 1, 1:3],
    "int64 tensor": lambda: torch.arange(10)[[1, 5, 9]],
    "bool tensor": lambda: torch.tensor([True, False, True])[1:],
    "x[0] = 1": lambda: S((0,), 1),
    "x[-1, 2] = -4.5": lambda: S((-1, 2), -4.5),
    "x[:, 1] = arange(5)": lambda: S((slice(None), 1), torch.arange(5.)),
    "x[..., 0] = -1": lambda: S((Ellipsis, 0), -1),
    "x[...] = 2": lambda: S(Ellipsis, 2),
    "x[1:3, ::2] = 9": lambda: S((slice(1, 3), slice(None, None, 2)), 9),
    "x[:] = row (broadcast)": lambda: S(slice(None), torch.arange(5.)),
    "x[1] = value with leading 1s": lambda: S(1, torch.ones(1, 1, 4, 5)),
    "x[[0, 2]] = 7": lambda: S([0, 2], 7),
    "x[x > 30] = 0": lambda: S(x > 30, 0),
    "x[mask] = values": lambda: S(x > 50, torch.arange(9.) * -1),
    "x[[0, 2], 1] = row with leading 1s": lambda: S(([0, 2], 1), torch.tensor([[1., 2, 3, 4, 5]])),
    "x[1:3, :, [0, 4]] = zeros": lambda: S((slice(1, 3), slice(None), [0, 4]), torch.zeros(2, 4, 2)),
    "x[:, mask1d] = 1": lambda: S((slice(None), torch.tensor([True, False, True, True])), 1),
    "x[None] = 3": lambda: S(None, 3),
    "x[True] = 5": lambda: S(True, 5),
    "x[False] = 5 (no-op)": lambda: S(False, 5),
    "x[1, 2, 3] = 100": lambda: S((1, 2, 3), 100),
    "int64 x[0] = 2.7 truncates": lambda: S(0, 2.7, torch.zeros(2, 3, dtype=torch.int64)),
    "int64 x[1] = 2**50 (bigint)": lambda: S(1, 2**50, torch.zeros(2, 2, dtype=torch.int64)),
    "bool x[0] = True": lambda: S(0, True, torch.zeros(2, 2, dtype=torch.bool)),
    "index tensor put": lambda: S(torch.arange(0, 3, 2), torch.tensor(-1.)),
    "double-typed value into float": lambda: S(0, torch.ones(4, 5, dtype=torch.float64)),
    "narrow": lambda: x.narrow(2, 1, 3),
    "torch.narrow negative dim": lambda: torch.narrow(x, -1, 0, 2),
    "select": lambda: x.select(1, 2),
    "select negative": lambda: torch.select(x, 0, -1),
    "maskedFill": lambda: x.masked_fill(x > 30, -1.),
    "maskedFill tensor value": lambda: x.masked_fill(x < 5, torch.tensor(9.)),
    "where": lambda: torch.where(x > 30, x, torch.zeros(())),
    "where scalar": lambda: torch.where(x > 30, x, 0.),
    "where nonzero form": lambda: torch.stack(torch.where(x[0] > 15)),
    "gather": lambda: x.gather(2, torch.tensor([[[0, 4]] * 4] * 3)),
    "gather keyword": lambda: torch.gather(x[0], 1, torch.tensor([[1], [0], [3], [2]])),
    "scatter": lambda: torch.zeros(3, 5).scatter(1, torch.tensor([[0], [2], [4]]), torch.ones(3, 1)),
    "scatter value": lambda: torch.zeros(3, 5).scatter(1, torch.tensor([[0], [2], [4]]), 7.),
    "scatter reduce add": lambda: torch.zeros(5).scatter(0, torch.tensor([0, 0, 3]), torch.tensor([1., 2., 3.]), reduce='add'),
    "scatter_ in place": lambda: torch.zeros(2, 3).scatter_(0, torch.tensor([[1, 0, 1]]), 5.),
    "indexSelect": lambda: x.index_select(1, torch.tensor([3, 0])),
}


def cases():
    return {name: R(f()) for name, f in CASES.items()}


def write_through():
    """basic indexing returns views that write through"""
    y = torch.arange(60.).view(3, 4, 5)
    y[1, :, 1:3].fill_(-1)
    y[0][0].mul_(0)
    return y.flatten().tolist()


def gradients():
    """gradients and grad_fn names match Python"""
    torch.manual_seed(0)
    w = torch.randn(3, 4, requires_grad=True)
    names = []
    a = w[[0, 2]]; names.append(a.grad_fn.name())
    b = w[:, 1:3]; names.append(b.grad_fn.name())
    c = w[1]; names.append(c.grad_fn.name())
    d = w[w > 0]; names.append(d.grad_fn.name())
    e = w[None]; names.append(e.grad_fn.name())
    f = w[...]; names.append(f.grad_fn.name())
    (a * 2).sum().backward(); g1 = w.grad.tolist(); w.grad = None
    (b * b).sum().backward(); g2 = w.grad.tolist(); w.grad = None
    (c.exp()).sum().backward(); g3 = w.grad.tolist(); w.grad = None
    d.sum().backward(); g4 = w.grad.tolist(); w.grad = None
    z = w.clone(); z[[0]] = w[[1]] * 3; names.append(z.grad_fn.name())
    (z * z).sum().backward(); g5 = w.grad.tolist(); w.grad = None
    z = w.clone(); z[:, 0] = w[:, 1] * 3; names.append(z.grad_fn.name())
    (z * z).sum().backward(); g6 = w.grad.tolist(); w.grad = None
    z = w.clone(); z[z > 0] = 0.; names.append(z.grad_fn.name())
    (z * w).sum().backward(); g7 = w.grad.tolist(); w.grad = None
    return {'grads': [g1, g2, g3, g4, g5, g6, g7], 'names': names}


def brelu():
    """runs the article's BReLU forward and backward as Python does"""
    torch.manual_seed(0)
    x = torch.randn(6, 3, requires_grad=True)
    y = BReLU.apply(x)
    (y * torch.arange(18.).view(6, 3)).sum().backward()
    return {'out': y.flatten().tolist(), 'grad': x.grad.flatten().tolist(), 'strY': str(y), 'strGrad': str(x.grad)}


def error_messages():
    """uses PyTorch's messages for PyTorch's errors"""
    def S(idx, v):
        y = x.clone(); y[idx] = v
    out = []
    for f in [lambda: x[3], lambda: x[1, 7], lambda: x[0, 0, 0, 0], lambda: torch.tensor(1.)[0], lambda: x[::-1],
              lambda: x[[5]], lambda: x[torch.tensor([True, False])], lambda: torch.tensor(1.)[:],
              lambda: x[:, -5], lambda: S((slice(None), 0), torch.ones(2)), lambda: S([0, 1], torch.ones(3)),
              lambda: x[torch.tensor([0.5])]]:
        try:
            f(); out.append('no error')
        except Exception as e:
            out.append(str(e))
    return out


def element(e):
    """An index element of the random tuples, from its JSON form: a number, a boolean, None, '...',
    {'slice': [start, stop, step]} or {'tensor': [...]}."""
    if e == '...': return Ellipsis
    if isinstance(e, dict) and 'slice' in e: return slice(*e['slice'])
    if isinstance(e, dict) and 'tensor' in e: return torch.tensor(e['tensor'])
    return e


def random_tuples(tuples):
    """x[idx] and x[idx] = -1 for each index tuple: the result or the error's message."""
    warnings.filterwarnings('ignore')
    def run(f):
        try:
            r = f()
            return {'ok': True, 'shape': list(r.shape), 'values': r.tolist()}
        except Exception as e:
            return {'ok': False, 'message': str(e)}
    def setter(idx):
        def f():
            y = x.clone(); y[idx] = -1.; return y
        return f
    idxs = [tuple(element(e) for e in t) for t in tuples]
    return {'get': [run(lambda i=i: x[i]) for i in idxs], 'set': [run(setter(i)) for i in idxs]}


def one_index_tensor():
    """one integer index tensor: x[t] and x[t] = v (the test's gets, sets and errors, by name)"""
    x = torch.arange(12.).view(4, 3)
    t1 = torch.tensor([2, 0, 2]); t2 = torch.tensor([[0, 3], [1, 1]])
    i1 = t1.int(); i2 = t2.int()
    def S(t, v, base=None):
        y = x.clone() if base is None else base
        y[t] = v
        return y
    def run(f):
        try:
            r = f()
            return {'ok': True, 'shape': list(r.shape), 'dtype': str(r.dtype)[6:], 'values': r.tolist()}
        except Exception as ex:
            # IndexError is a RangeError in torch-node, RuntimeError a plain Error
            return {'ok': False, 'type': {'IndexError': 'RangeError', 'RuntimeError': 'Error', 'TypeError': 'TypeError'}[type(ex).__name__], 'message': str(ex)}
    gets = {
        'x[t1]': lambda: x[t1],
        'x[t1] (not in a list)': lambda: x[t1],
        'x[t2]': lambda: x[t2],
        'x[i1]': lambda: x[i1],
        'x[i2]': lambda: x[i2],
        'x[torch.tensor([-1, -4])]': lambda: x[torch.tensor([-1, -4])],
        'x[torch.tensor([], dtype=torch.int64)]': lambda: x[torch.tensor([], dtype=torch.int64)],
        'torch.arange(5)[torch.tensor([4, 0, 4])]': lambda: torch.arange(5)[torch.tensor([4, 0, 4])],
    }
    sets = {
        'S(torch.tensor([0, 2]), torch.tensor([[-1., -2., -3.]]))': lambda: S(torch.tensor([0, 2]), torch.tensor([[-1., -2., -3.]])),
        'S(torch.tensor([0, 2]), torch.tensor([[[-1., -2., -3.]]]))': lambda: S(torch.tensor([0, 2]), torch.tensor([[[-1., -2., -3.]]])),
        'S(torch.tensor([[0, 3], [1, 2]]), torch.tensor([[5., 6., 7.]]))': lambda: S(torch.tensor([[0, 3], [1, 2]]), torch.tensor([[5., 6., 7.]])),
        'S(torch.tensor([3, 1]), -2.5)': lambda: S(torch.tensor([3, 1]), -2.5),
        'S(torch.tensor([3, 1]), torch.tensor([[1., 2., 3.], [4., 5., 6.]]))': lambda: S(torch.tensor([3, 1]), torch.tensor([[1., 2., 3.], [4., 5., 6.]])),
        'S(torch.tensor([1, 2], dtype=torch.int32), torch.tensor([[8., 9., 10.]]))': lambda: S(torch.tensor([1, 2], dtype=torch.int32), torch.tensor([[8., 9., 10.]])),
        'S(torch.tensor([[0], [3]], dtype=torch.int32), 9.)': lambda: S(torch.tensor([[0], [3]], dtype=torch.int32), 9.),
        'S(torch.tensor([1]), torch.tensor([[[7.]]]))': lambda: S(torch.tensor([1]), torch.tensor([[[7.]]])),
        'S(torch.tensor([4, 0]), torch.tensor([10, 20]), torch.arange(5))': lambda: S(torch.tensor([4, 0]), torch.tensor([10, 20]), torch.arange(5)),
        'S(torch.tensor([-1]), 7, torch.arange(5))': lambda: S(torch.tensor([-1]), 7, torch.arange(5)),
    }
    errors = {
        'x[torch.tensor([4])]': lambda: x[torch.tensor([4])],
        'x[torch.tensor([-5], dtype=torch.int32)]': lambda: x[torch.tensor([-5], dtype=torch.int32)],
        'x[torch.tensor([[0, 9]])]': lambda: x[torch.tensor([[0, 9]])],
        'S(torch.tensor([7]), 1.)': lambda: S(torch.tensor([7]), 1.),
        'S(torch.tensor([0, -6], dtype=torch.int32), torch.ones(1, 3))': lambda: S(torch.tensor([0, -6], dtype=torch.int32), torch.ones(1, 3)),
        'S(torch.tensor([0, 1]), torch.ones(3, 3))': lambda: S(torch.tensor([0, 1]), torch.ones(3, 3)),
        'S(torch.tensor([0, 1]), torch.ones(3, dtype=torch.float64))': lambda: S(torch.tensor([0, 1]), torch.ones(3, dtype=torch.float64)),
    }
    names = []
    w = torch.arange(12.).view(4, 3).requires_grad_()
    a = w[t1]; names.append(a.grad_fn.name())
    (a * torch.arange(9.).view(3, 3)).sum().backward()
    w_grad = w.grad.tolist(); w.grad = None
    v = torch.tensor([[1., 2., 3.]], requires_grad=True)
    z = w * 1
    z[torch.tensor([0, 2])] = v * 2; names.append(z.grad_fn.name())
    (z * z).sum().backward()
    v_grad = v.grad.tolist(); w2_grad = w.grad.tolist()
    b = w[i2]; names.append(b.grad_fn.name())
    partial = x.clone()
    try:
        partial[torch.tensor([0, 7])] = 100
    except IndexError:
        pass
    return {'get': {k: run(f) for k, f in gets.items()},
            'set': {k: run(f) for k, f in sets.items()},
            'errors': {k: run(f) for k, f in errors.items()},
            'partial': partial.tolist(),
            'zeroDim': [run(lambda: torch.tensor(1.)[torch.tensor([0])]), run(lambda: S(torch.tensor([0]), 2., torch.tensor(1.)))],
            'grad': {'names': names, 'wGrad': w_grad, 'vGrad': v_grad, 'w2Grad': w2_grad}}


def longest_index_shape():
    """the longest index allowed gives the shape Python gives"""
    x = torch.arange(60.).view(3, 4, 5)
    return list(x[(None,) * 32 + (Ellipsis, 1) + (None,) * 32].shape)


def descriptor_errors():
    """x[i] on a 0-dim tensor and zero or negative slice steps give Python's errors"""
    out = []
    for f in [lambda: torch.tensor(1.)[1], lambda: torch.tensor(1.)[-1], lambda: torch.tensor(1.)[0],
              lambda: torch.zeros(3)[::0], lambda: torch.zeros(3)[None, ::-2]]:
        try:
            f(); out.append({'type': 'none', 'message': ''})
        except Exception as e:
            out.append({'type': type(e).__name__, 'message': str(e)})
    return out


def traced_slice_shape():
    """under torch.jit.trace every slice is recorded, as in Python (another width is sliced too)"""
    warnings.filterwarnings('ignore')
    f = torch.jit.trace(lambda x: x[:, 0:3], torch.zeros(2, 3))
    return list(f(torch.zeros(2, 5)).shape)
