"""Oracle for test/autograd/graph.test.ts: saved-tensor hooks and multi-grad hooks."""
import torch


def saved_hooks():
    out = {}
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    packed = []

    def pack(t):
        packed.append(t.tolist())
        return t * 2  # backward sees twice the saved value

    def unpack(t):
        return t

    with torch.autograd.graph.saved_tensors_hooks(pack, unpack):
        y = x.pow(2).sum()
    y.backward()
    out["packed"] = packed
    out["grad"] = x.grad.tolist()
    # nesting: the innermost pair applies
    calls = []
    x.grad = None
    with torch.autograd.graph.saved_tensors_hooks(lambda t: calls.append("outer") or t, lambda t: t):
        with torch.autograd.graph.saved_tensors_hooks(lambda t: calls.append("inner") or t, lambda t: t):
            z = x.exp().sum()
    z.backward()
    out["nesting"] = calls
    out["grad_exp"] = x.grad.tolist()
    # save_on_cpu gives the plain gradients
    x.grad = None
    w = torch.tensor([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]], requires_grad=True)
    with torch.autograd.graph.save_on_cpu():
        loss = torch.tanh(w @ x).sum()
    loss.backward()
    out["save_on_cpu"] = [x.grad.tolist(), w.grad.tolist()]
    # messages
    try:
        with torch.autograd.graph.saved_tensors_hooks(lambda t: t, lambda t: 3):
            v = x.mul(x).sum()
        v.backward()
    except TypeError as e:
        out["unpack_type"] = str(e)
    try:
        with torch.autograd.graph.disable_saved_tensors_hooks("no hooks here"):
            with torch.autograd.graph.saved_tensors_hooks(lambda t: t, lambda t: t):
                pass
    except RuntimeError as e:
        out["disabled"] = str(e)
    try:
        torch.autograd.graph.register_multi_grad_hook([x], lambda g: None, mode="some")
    except ValueError as e:
        out["bad_mode"] = str(e)
    return out


def pack_identity():
    """Which object a pack hook receives: for each call, per packed tensor, whether it is the
    named object (an input, the call's result, a custom Function's input or output)."""
    x = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
    seen = []
    out = {}

    class Times3(torch.autograd.Function):
        @staticmethod
        def forward(ctx, i):
            o = i.mul(3)
            ctx.save_for_backward(i, o)
            return o

        @staticmethod
        def backward(ctx, g):
            i, o = ctx.saved_tensors
            return g.mul(3)

    def take(name, **objects):
        out[name] = {k: [t is v for t in seen] for k, v in objects.items()}
        seen.clear()

    with torch.autograd.graph.saved_tensors_hooks(lambda t: seen.append(t) or t, lambda t: t):
        y = x.mul(x); take("mul", x=x)
        z = x.exp(); take("exp", x=x, result=z)
        s = x.sigmoid(); take("sigmoid", result=s)
        a = x.mul(2); b = a.pow(2); take("pow", a=a, result=b)
        o = Times3.apply(x); take("custom", x=x, result=o)
        m = x.view(1, 3).max(1); take("max", indices=m.indices, values=m.values)
        c = torch.cat([x, a]).mul(x.repeat(2)); take("cat_mul")
        idx = torch.tensor([0, 2])
        g = x[idx]; take("index", idx=idx, x=x)
        w = x.clone(); w[idx] = b[1:]; take("index_put", idx=idx)
        loss = y.sum() + z.sum() + s.sum() + b.sum() + o.sum() + m.values.sum() + c.sum() + g.sum() + w.sum()
    loss.backward()
    out["grad"] = x.grad.tolist()
    return out


def multi_grad():
    out = {}
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    b = torch.tensor([3.0, 4.0], requires_grad=True)
    c = torch.tensor([5.0, 6.0], requires_grad=True)
    seen = []
    h = torch.autograd.graph.register_multi_grad_hook(
        [a, b, c], lambda grads: seen.append([None if g is None else g.tolist() for g in grads]))
    (a * b).sum().backward()
    (a * b * c).sum().backward()
    torch.autograd.backward((b * c).sum(), inputs=[b])
    h.remove()
    (a * b).sum().backward()
    out["all"] = seen
    first = []
    h = torch.autograd.graph.register_multi_grad_hook([a, b], lambda g: first.append(g.tolist()), mode="any")
    (a * 2 + b * 3).sum().backward()
    (b * 5).sum().backward()
    h.remove()
    out["any"] = first
    return out
