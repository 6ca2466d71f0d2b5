"""Oracle of test/tensor.test.ts."""
import torch


def randn_seed0():
    torch.manual_seed(0)
    return torch.randn(2, 3).tolist()


def conversions(dtypes):
    x = torch.tensor([0.5, 1.7, 2.5, 100.25, 3.999])
    to = {n: x.to(getattr(torch, n)).tolist() for n in dtypes}
    w = torch.tensor([1.5, -2.0], requires_grad=True)
    y = w.double()
    name = y.grad_fn.name()
    (y * y).sum().backward()
    return {'to': to, 'float': torch.tensor([1, -2, 3, 2**40]).float().tolist(),
            'double': {'name': name, 'grad': w.grad.tolist(), 'dtype': str(w.grad.dtype)[6:]}}


def err(f):
    try:
        f()
    except Exception as e:
        return str(e)


def crash_regressions():
    x = torch.ones(1024)
    v = x.numpy()
    z = torch.ops.aten._efficientzerotensor([4])
    return {'resize': err(lambda: x.resize_(1 << 22)), 'zeroStr': str(z), 'zeroTolist': err(z.tolist),
            'neg': torch.ops.aten._neg_view(torch.tensor([1, 2, 3])).tolist()}


def meta_str():
    return str(torch.empty([2, 3], device='meta'))
