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


def grad_identity():
    """`is` between the objects the same steps give in test/tensor.test.ts's identity test."""
    import warnings
    warnings.filterwarnings('ignore')
    x = torch.ones(3, requires_grad=True)
    (x * x).sum().backward()
    a = x.grad
    r = {'twice': x.grad is x.grad}
    (x * x).sum().backward()
    r['afterSecondBackward'] = x.grad is a
    x.grad.zero_()
    r['afterZero_'] = x.grad is a
    opt = torch.optim.SGD([x], lr=0.1)
    opt.step()
    r['afterStep'] = x.grad is a
    opt.zero_grad(set_to_none=False)
    r['afterZeroGradKeep'] = x.grad is a
    opt.zero_grad()
    r['afterZeroGrad'] = x.grad is None
    (x * x).sum().backward()
    r['afterNewBackward'] = x.grad is a
    g = torch.zeros(3)
    x.grad = g
    r['assigned'] = x.grad is g
    x.grad = None
    (x * x).sum().backward(create_graph=True)
    c = x.grad
    (x * x).sum().backward(create_graph=True)
    r['outOfPlaceAccumulation'] = x.grad is c
    r['data'] = x.data is x.data
    lin = torch.nn.Linear(2, 3)
    r['parameter'] = lin.weight is lin.weight and next(lin.parameters()) is lin.weight
    lin(torch.ones(1, 2)).sum().backward()
    w = lin.weight.grad
    torch.optim.SGD(lin.parameters(), lr=0.1).step()
    r['parameterGradAfterStep'] = lin.weight.grad is w
    return r


def conveniences(dtypes):
    """Iteration over the first dimension, float()/int() of one-element tensors, Tensor.type()."""
    x = torch.arange(6.0).reshape(3, 2)
    out = {'rows': [row.tolist() for row in x], 'rowCount': len(list(torch.zeros(4, 0))),
           'vector': [v.tolist() for v in torch.tensor([1.5, -2.0])]}
    try:
        iter(torch.tensor(1.0))
    except TypeError as e:
        out['zeroDim'] = str(e)
    out['scalars'] = {'float': float(torch.tensor([[2.5]])), 'bool': float(torch.tensor([True])),
                      'int': float(torch.tensor(7, dtype=torch.int64))}
    try:
        float(torch.ones(2))
    except ValueError as e:
        out['notOne'] = str(e)
    out['typeNames'] = {d: torch.zeros(1, dtype=getattr(torch, d)).type() for d in dtypes}
    y = torch.tensor([1.5, -2.5])
    out['converted'] = {'double': [y.type(torch.float64).dtype.__str__(), y.type(torch.float64).tolist()],
                        'long': [y.type('torch.LongTensor').dtype.__str__(), y.type('torch.LongTensor').tolist()]}
    try:
        y.type('foo')
    except ValueError as e:
        out['invalid'] = str(e)
    return out
