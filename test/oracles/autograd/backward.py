"""Oracle of test/autograd/backward.test.ts."""
import torch


def results():
    """Backward with a gradient, retain_graph, create_graph, autograd.grad (allow_unused) and PyTorch's errors."""
    out = {}
    def msg(fn):
        try:
            fn()
        except Exception as e:
            return str(e)
        return None
    x = torch.tensor([[1.0, -2.0, 3.0], [0.5, 4.0, -1.5]], requires_grad=True)
    y = x.pow(2).mul(3)
    y.backward(torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]))
    out['withGradient'] = x.grad.flatten().tolist()
    x.grad = None
    z = x.exp().sum()
    z.backward(retain_graph=True)
    z.backward()
    out['retained'] = x.grad.flatten().tolist()
    x.grad = None
    w = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
    f = (w.pow(3) * w.sin()).sum()
    g, = torch.autograd.grad(f, w, create_graph=True)
    out['doubleFirst'] = g.tolist()
    g.sum().backward(retain_graph=True)
    out['doubleSecond'] = w.grad.tolist()
    h, = torch.autograd.grad(g[1], w)
    out['hessianRow'] = h.tolist()
    u = torch.tensor([1.0, 2.0], requires_grad=True)
    v = torch.tensor([3.0, 4.0], requires_grad=True)
    gu = torch.autograd.grad((u * u).sum(), [u, v], allow_unused=True)
    out['gradUnused'] = [None if t is None else t.tolist() for t in gu]
    out['unused'] = msg(lambda: torch.autograd.grad((u * u).sum(), [u, v]))
    out['nonScalar'] = msg(lambda: (u * 2).backward())
    s = (u.exp() * 2).sum()
    s.backward()
    out['freed'] = msg(lambda: s.backward())
    t = u.mul(1)
    r = t.exp()
    r.add_(torch.ones(2))
    out['inplace'] = msg(lambda: r.sum().backward())
    out['noGradFn'] = msg(lambda: torch.tensor([1.0, 2.0]).sum().backward())
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    b = torch.tensor([3.0, 4.0], requires_grad=True)
    (a * b).sum().backward(inputs=[a])
    out['inputsOnly'] = {'a': a.grad.tolist(), 'b': None if b.grad is None else b.grad.tolist()}
    c = torch.tensor([1.0, 2.0], requires_grad=True)
    for k in range(3):
        (c * (k + 1)).sum().backward()
    out['accumulated'] = c.grad.tolist()
    return out


def keyword_forms():
    """backward's gradient, retain_graph and inputs given as keywords, and autograd.backward's."""
    out = {}
    x = torch.tensor([[1.0, -2.0, 3.0], [0.5, 4.0, -1.5]], requires_grad=True)
    g = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    y = x.pow(2).mul(3)
    y.backward(gradient=g, retain_graph=True)
    out['gradientKeyword'] = x.grad.flatten().tolist()
    y.backward(g, True)
    out['positionalRetain'] = x.grad.flatten().tolist()
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    b = torch.tensor([3.0, 4.0], requires_grad=True)
    (a * b).backward(gradient=torch.tensor([1.0, -1.0]), inputs=[b])
    out['gradientInputs'] = {'a': None if a.grad is None else a.grad.tolist(), 'b': b.grad.tolist()}
    c = torch.tensor([1.0, 2.0], requires_grad=True)
    torch.autograd.backward([c * 2, c * c], grad_tensors=[torch.tensor([1.0, 1.0]), torch.tensor([0.5, 2.0])])
    out['autogradBackward'] = c.grad.tolist()
    return out
