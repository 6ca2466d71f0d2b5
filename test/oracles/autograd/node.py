"""Oracle of test/autograd/node.test.ts: grad_fn nodes (next_functions, metadata, node hooks)."""
import torch


def _describe(fn, depth=6):
    if fn is None:
        return None
    d = {'name': fn.name(), 'type': type(fn).__name__}
    if depth > 0:
        d['next'] = [[_describe(f, depth - 1), nr] for f, nr in fn.next_functions]
    if hasattr(fn, 'variable'):
        d['variable'] = fn.variable.tolist()
    return d


class MyFn(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x * 3

    @staticmethod
    def backward(ctx, g):
        return g * 3


def _inputs():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    w = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
    c = torch.tensor([2.0, 2.0, 2.0])
    return x, w, c


def graph():
    """The graph of a small expression, node by node."""
    x, w, c = _inputs()
    y = ((x * w).sum() + (x * c).exp().mean()) * MyFn.apply(w).sum()
    z = torch.cat([x, w]).view(2, 3)[1]
    return {'y': _describe(y.grad_fn), 'z': _describe(z.grad_fn), 'leaf': _describe(x.grad_fn)}


def hooks():
    """Post- and pre-hooks: what they see, what replacing gives, removal, chaining."""
    out = {}
    x, w, c = _inputs()
    m = x * w
    seen = []

    def pre(go):
        seen.append(['pre', [g.tolist() for g in go]])
        return (go[0] * 2,)

    def post(gi, go):
        seen.append(['post', [None if g is None else g.tolist() for g in gi], [g.tolist() for g in go]])
        return (gi[0] * 10, None)

    m.grad_fn.register_prehook(pre)
    m.grad_fn.register_hook(post)
    m.sum().backward()
    out['seen'] = seen
    out['xGrad'] = x.grad.tolist()
    out['wGrad'] = None if w.grad is None else w.grad.tolist()

    # Removed hooks are not called; the others still are, in order, each seeing the previous result.
    x, w, c = _inputs()
    m = x * w
    calls = []
    h1 = m.grad_fn.register_hook(lambda gi, go: calls.append('first') or (gi[0] + 1, gi[1]))
    m.grad_fn.register_hook(lambda gi, go: calls.append(['second', gi[0].tolist()]) or None)
    h3 = m.grad_fn.register_hook(lambda gi, go: calls.append('third'))
    h3.remove()
    m.sum().backward()
    out['chain'] = calls
    out['chainXGrad'] = x.grad.tolist()
    h1.remove()

    # Hooks on an AccumulateGrad node: gradInputs is empty, gradOutputs the leaf's gradient.
    x, w, c = _inputs()
    acc = (x * c).grad_fn.next_functions[0][0]
    got = []
    acc.register_hook(lambda gi, go: got.append([len(gi), [g.tolist() for g in go]]))
    acc.register_prehook(lambda go: (go[0] + 100,))
    (x * c).sum().backward()
    out['acc'] = got
    out['accXGrad'] = x.grad.tolist()

    # A custom Function's node, backward run twice (retain_graph): the hook runs each time.
    x, w, c = _inputs()
    y = MyFn.apply(x)
    runs = []
    y.grad_fn.register_hook(lambda gi, go: runs.append(gi[0].tolist()) or (gi[0] * 2,))
    y.sum().backward(retain_graph=True)
    y.sum().backward()
    out['custom'] = runs
    out['customXGrad'] = x.grad.tolist()

    def wrong_count(gi, go):
        return (gi[0],)

    def errors():
        res = {}
        for name, hook, kind in [('count', wrong_count, 'post'), ('notTuple', lambda gi, go: 3, 'post')]:
            x, w, c = _inputs()
            m = x * w
            (m.grad_fn.register_hook if kind == 'post' else m.grad_fn.register_prehook)(hook)
            try:
                m.sum().backward()
                res[name] = None
            except Exception as e:  # noqa: BLE001
                res[name] = str(e)
        return res
    out['errors'] = errors()
    return out


def metadata():
    x, w, c = _inputs()
    y = x * w
    a = y.grad_fn.metadata
    a['step'] = 3
    return {'initial': {}, 'after': dict(y.grad_fn.metadata), 'same': y.grad_fn is y.grad_fn}


def changed_values():
    """PyTorch's errors for hook results of another dtype, layout, device or size, or in place of None."""
    def to_double(gi, go):
        return (gi[0].double(), gi[1])

    def to_long(gi, go):
        return (gi[0].long(), gi[1])

    def to_sparse(gi, go):
        return (gi[0].to_sparse(), gi[1])

    def to_meta(gi, go):
        return (torch.empty(3, device='meta'), gi[1])

    def resized(gi, go):
        return (torch.ones(7), gi[1])

    def pre_resized(go):
        return (torch.ones(2, 2),)

    def pre_double(go):
        return (go[0].double(),)

    def fill_none(gi, go):
        return (torch.ones(3), torch.ones(3))

    res = {}
    for name, hook, kind in [('to_double', to_double, 'post'), ('to_long', to_long, 'post'),
                             ('to_sparse', to_sparse, 'post'), ('to_meta', to_meta, 'post'),
                             ('resized', resized, 'post'), ('pre_resized', pre_resized, 'pre'),
                             ('pre_double', pre_double, 'pre'), ('fill_none', fill_none, 'post')]:
        x, w, c = _inputs()
        # fill_none's node has no gradient for its constant input c.
        m = x * c if name == 'fill_none' else x * w
        (m.grad_fn.register_hook if kind == 'post' else m.grad_fn.register_prehook)(hook)
        try:
            m.sum().backward()
            res[name] = None
        except Exception as e:  # noqa: BLE001
            res[name] = str(e)
    return res
