"""Oracle of test/autograd/threading.test.ts."""
import torch


def results():
    """A backward that runs autograd.grad inside it, and a 50-op chain: the gradients the cross-thread path must give."""
    x = torch.tensor([0.3, -1.2, 2.0], requires_grad=True)
    # NestedSin: backward = autograd.grad of 2*sin(x) with grad 0.5*g = cos(x) * g
    y = x.sin()
    (y * torch.tensor([1.0, 2.0, 3.0])).sum().backward()
    nested = x.grad.tolist()
    x.grad = None
    h = x
    for i in range(50):
        h = h * 2 if i % 2 == 0 else h * 0.5 + 1
    h.sum().backward()
    chain = x.grad.tolist()
    return {'nested': nested, 'chain': chain, 'grads': [3.0, 3.0]}
