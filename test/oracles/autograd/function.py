"""Oracle of test/autograd/function.test.ts."""
import torch


def results():
    """Custom Functions: the errors of wrong backwards, the ctx API (saved tensors, needs_input_grad, mark_dirty, mark_non_differentiable, set_materialize_grads) and double backward."""
    from torch.autograd import Function
    out = {}
    def msg(fn):
        try:
            fn()
        except Exception as e:
            return str(e)
        return None
    x = torch.randn(3, 3, requires_grad=True)
    class BadCount(Function):
        @staticmethod
        def forward(ctx, x): return x.clone()
        @staticmethod
        def backward(ctx, g): return g, g
    out['msgCount'] = msg(lambda: BadCount.apply(x).sum().backward())
    class WrongShape(Function):
        @staticmethod
        def forward(ctx, x): return x.clone()
        @staticmethod
        def backward(ctx, g): return torch.zeros(2, 3)
    out['msgShape'] = msg(lambda: WrongShape.apply(x).sum().backward())
    class WrongDevice(Function):
        @staticmethod
        def forward(ctx, x): return x.clone()
        @staticmethod
        def backward(ctx, g): return torch.zeros(3, 3, device='meta')
    out['msgDevice'] = msg(lambda: WrongDevice.apply(x).sum().backward())
    class NonVar(Function):
        @staticmethod
        def forward(ctx, x, k): return x * k
        @staticmethod
        def backward(ctx, g): return g * 2, g
    out['msgNonVar'] = msg(lambda: NonVar.apply(x, 2).sum().backward())
    class WrongType(Function):
        @staticmethod
        def forward(ctx, x): return x.clone()
        @staticmethod
        def backward(ctx, g): return 3
    out['msgType'] = msg(lambda: WrongType.apply(x).sum().backward())
    class Save(Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x * 2
        @staticmethod
        def backward(ctx, g):
            x, = ctx.saved_tensors
            return g * x
    y = x.mul(2)
    o = Save.apply(y)
    y.add_(torch.ones(3, 3))
    out['msgInplace'] = msg(lambda: o.sum().backward())
    o = Save.apply(x)
    o.sum().backward()
    out['msgTwice'] = msg(lambda: o.sum().backward())

    a = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
    class Two(Function):
        @staticmethod
        def forward(ctx, x):
            e = x.exp()
            ctx.save_for_backward(e)
            return x * 2, e
        @staticmethod
        def backward(ctx, g0, g1):
            e, = ctx.saved_tensors
            return g0 * 2 + g1 * e
    y0, y1 = Two.apply(a)
    (y0 * torch.tensor([1., 2., 3.]) + y1).sum().backward()
    gboth = a.grad.tolist(); a.grad = None
    y0, y1 = Two.apply(a)
    y0.sum().backward()
    out['multi'] = {'y0': y0.tolist(), 'y1': y1.tolist(), 'gradBoth': gboth, 'gradFirst': a.grad.tolist()}
    a.grad = None

    seen = []
    class NoMat(Function):
        @staticmethod
        def forward(ctx, x):
            ctx.set_materialize_grads(False)
            return x * 1, x * 3
        @staticmethod
        def backward(ctx, g0, g1):
            seen.extend([g0 is None, g1 is None])
            return g0 if g0 is not None else g1 * 3
    NoMat.apply(a)[1].sum().backward()
    out['materialize'] = {'seen': seen}
    a.grad = None

    b = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)
    class MulInplace(Function):
        @staticmethod
        def forward(ctx, x):
            x.mul_(2)
            ctx.mark_dirty(x)
            return x
        @staticmethod
        def backward(ctx, g): return g * 2
    c = b * 1
    r = MulInplace.apply(c)
    out_dirty = {'sameObject': r is c, 'gradFn': c.grad_fn.name(), 'version': c._version}
    (r * torch.tensor([1., 2., 3.])).sum().backward()
    out_dirty['grad'] = b.grad.tolist()
    out['dirty'] = out_dirty

    d = torch.tensor([3.0, 1.0, 2.0], requires_grad=True)
    class SortF(Function):
        @staticmethod
        def forward(ctx, x):
            v, i = x.sort()
            ctx.mark_non_differentiable(i)
            ctx.save_for_backward(i)
            return v, i
        @staticmethod
        def backward(ctx, gv, gi):
            i, = ctx.saved_tensors
            g = torch.zeros_like(gv)
            g[i] = gv
            return g
    v, i = SortF.apply(d)
    (v * torch.tensor([1., 2., 3.])).sum().backward()
    out['nondiff'] = {'values': v.tolist(), 'valuesRequireGrad': v.requires_grad, 'indicesRequireGrad': i.requires_grad, 'grad': d.grad.tolist()}

    needs = []
    class Scale(Function):
        @staticmethod
        def forward(ctx, x, k, opts, w):
            needs.extend(ctx.needs_input_grad)
            ctx.k = k
            return x * k * opts['m'] + w
        @staticmethod
        def backward(ctx, g): return g * ctx.k * 2, None, None, None
    e = torch.tensor([1.0, 2.0], requires_grad=True)
    ys = Scale.apply(e, 3.0, {'m': 2.0}, torch.tensor([0.5, 0.5]))
    ys.sum().backward()
    out['nonTensor'] = {'needs': list(needs), 'y': ys.tolist(), 'grad': e.grad.tolist()}

    f = torch.tensor([1.0, 2.0], requires_grad=True)
    class Same(Function):
        @staticmethod
        def forward(ctx, x): return x
        @staticmethod
        def backward(ctx, g): return g * 5
    ps = Same.apply(f)
    out_pass = {'same': ps is f, 'gradFn': ps.grad_fn.name()}
    ps.sum().backward()
    out_pass['grad'] = f.grad.tolist()
    out['passthrough'] = out_pass

    flags = {}
    class Cube(Function):
        @staticmethod
        def forward(ctx, x):
            flags['fwd'] = torch.is_grad_enabled()
            ctx.save_for_backward(x)
            return x ** 3
        @staticmethod
        def backward(ctx, g):
            flags.setdefault('bwd', []).append(torch.is_grad_enabled())
            x, = ctx.saved_tensors
            return g * 3 * x ** 2
    h = torch.tensor([1.0, -2.0, 0.5], requires_grad=True)
    gx, = torch.autograd.grad(Cube.apply(h).sum(), h, create_graph=True)
    gx.sum().backward()
    Cube.apply(h).sum().backward()
    out['cube'] = {'insideForward': flags['fwd'], 'insideBackward': flags['bwd'], 'first': gx.tolist(), 'second': h.grad.tolist()}

    class Prop(Function):
        @staticmethod
        def forward(ctx, x):
            ctx.scale = 3
            ctx.note = 'hello'
            return x * ctx.scale
        @staticmethod
        def backward(ctx, g): return g * ctx.scale * len(ctx.note)
    p = torch.tensor([1.0, 2.0], requires_grad=True)
    Prop.apply(p).sum().backward()
    out['ctxProp'] = p.grad.tolist()

    nneeds = []
    class NoGradF(Function):
        @staticmethod
        def forward(ctx, x):
            nneeds.extend(ctx.needs_input_grad)
            return x * 2
        @staticmethod
        def backward(ctx, g): return g
    with torch.no_grad():
        q = NoGradF.apply(p)
    out['notExecutable'] = {'requiresGrad': q.requires_grad, 'gradFn': None if q.grad_fn is None else q.grad_fn.name(), 'needs': nneeds}

    # ctx.saved_tensors gives back the saved input's own object (and a tensor made inside forward
    # while something keeps its object); a saved output comes back as a new object.
    ident = {}
    class Keep(Function):
        @staticmethod
        def forward(ctx, x, w):
            y = x * w
            t = x.sign()
            ctx.save_for_backward(x, y, t, None, w)
            ctx.t = t
            return y
        @staticmethod
        def backward(ctx, g):
            a, b, c, n, w = ctx.saved_tensors
            ident.update(input=a is kx, output=b is ky, inner=c is ctx.t, none=n is None, other=w is kw,
                         again=ctx.saved_tensors[0] is a)
            return g * w, g * a
    kx = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)
    kw = torch.tensor([0.5, 2.0, -1.0])
    ky = Keep.apply(kx, kw)
    ky.sum().backward()
    ident['grad'] = kx.grad.tolist()
    # The saved input's object dropped before backward: the values come back all the same.
    class Twice(Save):
        @staticmethod
        def backward(ctx, g):
            ident['droppedRequiresGrad'] = ctx.saved_tensors[0].requires_grad
            return Save.backward(ctx, g)
    k0 = torch.tensor([1.0, 2.0], requires_grad=True)
    kh = k0 * 3
    ko = Twice.apply(kh)
    del kh
    ko.sum().backward()
    ident['droppedGrad'] = k0.grad.tolist()
    out['savedIdentity'] = ident
    return out
