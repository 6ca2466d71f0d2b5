"""Oracle of test/nn/modules/module.test.ts."""
import torch


def models():
    """The article's models and a model using every layer type: printed trees, state dict keys, outputs."""
    from collections import OrderedDict
    nn = torch.nn
    F = nn.functional
    class SiLU(nn.Module):
        def forward(self, x): return x * torch.sigmoid(x)
    act = SiLU()
    seq = nn.Sequential(OrderedDict([
        ('fc1', nn.Linear(784, 256)), ('activation1', act),
        ('fc2', nn.Linear(256, 128)), ('bn2', nn.BatchNorm1d(128)), ('activation2', act),
        ('dropout', nn.Dropout(0.3)),
        ('fc3', nn.Linear(128, 64)), ('bn3', nn.BatchNorm1d(64)), ('activation3', act),
        ('logits', nn.Linear(64, 10)), ('logsoftmax', nn.LogSoftmax(dim=1))]))
    class ClassifierBReLU(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc1 = nn.Linear(784, 256); self.fc2 = nn.Linear(256, 128)
            self.fc3 = nn.Linear(128, 64); self.fc4 = nn.Linear(64, 10)
    class Block(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv = nn.Conv2d(8, 8, 3, padding='same', bias=False)
            self.bn = nn.BatchNorm2d(8)
            self.act = nn.ReLU(inplace=True)
    class Zoo(nn.Module):
        def __init__(self):
            super().__init__()
            self.stem = nn.Conv2d(3, 8, 5, 2, 2)
            self.convs = nn.Conv2d(8, 8, (3, 1), dilation=2, groups=2, padding_mode='reflect', padding=1)
            self.c1 = nn.Conv1d(4, 6, 3)
            self.blocks = nn.ModuleList([Block(), Block(), Block()])
            self.pools = nn.ModuleDict({'max': nn.MaxPool2d(3, 2, 1), 'avg': nn.AvgPool2d(2), 'ada': nn.AdaptiveAvgPool2d((1, 1))})
            self.bn = nn.BatchNorm2d(16, momentum=None, affine=False)
            self.ln = nn.LayerNorm(10, eps=1e-6)
            self.emb = nn.Embedding(10, 3, padding_idx=0, max_norm=1.0)
            self.acts = nn.Sequential(nn.LeakyReLU(0.2), nn.ELU(), nn.SELU(), nn.GELU(approximate='tanh'),
                nn.SiLU(), nn.Mish(), nn.Sigmoid(), nn.Tanh(), nn.Softplus(beta=2.0), nn.Softmax(dim=-1),
                nn.Hardtanh(-2.0, 2.0), nn.PReLU(), nn.Identity(), nn.Softmax())
            self.losses = nn.ModuleList([nn.NLLLoss(), nn.CrossEntropyLoss(label_smoothing=0.1), nn.MSELoss(), nn.L1Loss(),
                nn.BCELoss(), nn.BCEWithLogitsLoss(pos_weight=torch.ones(3)), nn.SmoothL1Loss(), nn.HuberLoss(), nn.KLDivLoss(reduction='batchmean')])
            self.flat = nn.Flatten()
            self.unflat = nn.Unflatten(1, (2, 5))
            self.drop = nn.Dropout()
            self.head = nn.Linear(16, 4, bias=False)
            self.scale = nn.Parameter(torch.ones(1))
    clf = ClassifierBReLU()
    zoo = Zoo()

    sd = seq.state_dict()
    del sd['fc2.bias']
    sd['extra.weight'] = torch.zeros(1)
    sd['bn2.foo'] = torch.zeros(1)
    sd['fc9'] = torch.zeros(1)
    try:
        seq.load_state_dict(sd)
        missing = ''
    except RuntimeError as e:
        missing = str(e)
    sd = seq.state_dict()
    sd['fc1.weight'] = torch.zeros(4, 2)
    try:
        seq.load_state_dict(sd)
        mismatch = ''
    except RuntimeError as e:
        mismatch = str(e)
    sd = seq.state_dict()
    del sd['fc1.bias']
    sd['zzz'] = torch.zeros(1)
    r = seq.load_state_dict(sd, strict=False)
    bn = nn.BatchNorm1d(3)
    bsd = dict(bn.state_dict()); del bsd['num_batches_tracked']
    bn.load_state_dict(bsd)
    return {
      'seqRepr': repr(seq), 'clfRepr': repr(clf), 'zooRepr': repr(zoo),
      'seqKeys': list(seq.state_dict().keys()), 'zooKeys': list(zoo.state_dict().keys()),
      'zooParams': [n for n, _ in zoo.named_parameters()], 'zooBuffers': [n for n, _ in zoo.named_buffers()],
      'zooModules': [n for n, _ in zoo.named_modules()],
      'seqModules': [n for n, _ in seq.named_modules()], 'seqChildren': [n for n, _ in seq.named_children()],
      'seqParams': len(list(seq.parameters())),
      'missing': missing, 'sizeMismatch': mismatch, 'notStrict': [r.missing_keys, r.unexpected_keys],
      'bnOld': list(bsd.keys()),
    }


def _l(t):
    return None if t is None else t.tolist()


def backward_hooks():
    """Full backward hooks and pre-hooks: what they see, their order, and replacements."""
    import warnings
    warnings.simplefilter('ignore')
    nn = torch.nn
    out = {}
    log = []

    class Two(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(3, 2)
        def forward(self, x, scale, y):
            h = self.fc(x) * scale
            return h, h * y

    torch.manual_seed(0)
    m = Two()
    x = torch.randn(4, 3, requires_grad=True)
    y = torch.randn(4, 2)
    def pre(mod, go):
        log.append(['pre', [_l(g) for g in go]])
    def pre2(mod, go):
        log.append(['pre2', len(go)])
        return (go[0] * 2, go[1])
    def hook(mod, gi, go):
        log.append(['hook', [_l(g) for g in gi], [_l(g) for g in go]])
        return (gi[0] * 3, None, None)
    def hook_first(mod, gi, go):
        log.append(['hookFirst', len(gi)])
    m.register_full_backward_pre_hook(pre)
    m.register_full_backward_pre_hook(pre2)
    m.register_full_backward_hook(hook)
    m.register_full_backward_hook(hook_first, prepend=True)
    a, b = m(x, 0.5, y)
    (a.sum() + b.pow(2).sum()).backward()
    out['log'] = log
    out['xGrad'] = x.grad.tolist()
    out['wGrad'] = m.fc.weight.grad.tolist()

    # No input requires a gradient: the hook fires from the outputs with grad_input all None.
    log2 = []
    m2 = nn.Linear(2, 2)
    m2.register_full_backward_hook(lambda mod, gi, go: log2.append([[_l(g) for g in gi], [_l(g) for g in go]]))
    m2(torch.ones(1, 2)).sum().backward()
    out['noInputGrad'] = log2
    # Removed hooks do not fire; under no_grad nothing fires.
    log3 = []
    h = m2.register_full_backward_pre_hook(lambda mod, go: log3.append('pre'))
    m2(torch.ones(1, 2, requires_grad=True)).sum().backward()
    h.remove()
    m2(torch.ones(1, 2, requires_grad=True)).sum().backward()
    out['removed'] = log3
    # A hook returning the wrong number of gradients.
    m3 = nn.Linear(2, 2)
    m3.register_full_backward_hook(lambda mod, gi, go: (gi[0], gi[0]))
    try:
        m3(torch.ones(1, 2, requires_grad=True)).sum().backward()
    except RuntimeError as e:
        out['wrongCount'] = str(e)
    return out


def state_dict_hooks():
    """State dict hooks (order, edits), extra state, set_submodule, type/bfloat16/to_empty."""
    nn = torch.nn
    out = {}
    log = []

    class WithExtra(nn.Module):
        def __init__(self):
            super().__init__()
            self.lin = nn.Linear(2, 2)
            self.count = 3
        def get_extra_state(self):
            return {'count': self.count}
        def set_extra_state(self, state):
            self.count = state['count']

    torch.manual_seed(0)
    net = nn.Sequential(nn.Linear(2, 3), WithExtra(), nn.BatchNorm1d(2))
    net.register_state_dict_pre_hook(lambda m, prefix, keep: log.append(['pre', type(m).__name__, prefix, keep]))
    net[1].register_state_dict_pre_hook(lambda m, prefix, keep: log.append(['pre', type(m).__name__, prefix, keep]))
    def post(m, sd, prefix, meta):
        log.append(['post', type(m).__name__, prefix, list(sd.keys())])
        del sd[prefix + '0.bias']
    net.register_state_dict_post_hook(post)
    net[1].register_state_dict_post_hook(lambda m, sd, prefix, meta: log.append(['post', type(m).__name__, prefix, list(sd.keys())]))
    sd = net.state_dict(keep_vars=True)
    out['keys'] = list(sd.keys())
    out['extra'] = sd['1._extra_state']
    out['log'] = log
    try:
        net[1].register_state_dict_post_hook(lambda m, sd, p, meta: {})
        net.state_dict()
    except RuntimeError as e:
        out['postReturn'] = str(e)

    # Loading: pre-hook renames an old key, post-hook sees the incompatible keys.
    load_log = []
    m = WithExtra()
    def lpre(mod, sd, prefix, meta, strict, missing, unexpected, errors):
        load_log.append(['pre', type(mod).__name__, prefix, sorted(sd.keys()), strict])
        if prefix + 'old_weight' in sd:
            sd[prefix + 'weight'] = sd.pop(prefix + 'old_weight')
    m.lin.register_load_state_dict_pre_hook(lpre)
    def lpost(mod, keys):
        load_log.append(['post', type(mod).__name__, list(keys.missing_keys), list(keys.unexpected_keys)])
    m.register_load_state_dict_post_hook(lpost)
    m.lin.register_load_state_dict_post_hook(lpost)
    res = m.load_state_dict({'lin.old_weight': torch.ones(2, 2), 'lin.bias': torch.zeros(2), '_extra_state': {'count': 9}})
    out['loadLog'] = load_log
    out['loaded'] = [m.lin.weight.tolist(), m.count, list(res.missing_keys), list(res.unexpected_keys)]
    try:
        m.load_state_dict({'lin.weight': torch.ones(2, 2), 'lin.bias': torch.zeros(2)})
    except RuntimeError as e:
        out['missingExtra'] = str(e)
    try:
        nn.Linear(2, 2).load_state_dict({'weight': torch.ones(2, 2), 'bias': torch.zeros(2), '_extra_state': 1})
    except RuntimeError as e:
        out['unexpectedExtra'] = str(e)
    m4 = nn.Linear(2, 2)
    m4.register_load_state_dict_post_hook(lambda mod, keys: keys.missing_keys.clear())
    out['cleared'] = list(m4.load_state_dict({'weight': torch.ones(2, 2)}).missing_keys)

    # set_submodule, type, bfloat16, to_empty.
    class A(nn.Module):
        def __init__(self):
            super().__init__()
            self.net_b = nn.Sequential(nn.Linear(3, 3), nn.ReLU())
            self.flag = 1
    a = A()
    a.set_submodule('net_b.0', nn.Linear(3, 1))
    a.set_submodule('net_b.extra', nn.Tanh())
    out['setRepr'] = repr(a)
    errs = {}
    for name, f in [('strict', lambda: a.set_submodule('net_b.missing', nn.Tanh(), strict=True)),
                    ('notModule', lambda: a.set_submodule('flag', nn.Tanh())),
                    ('empty', lambda: a.set_submodule('', nn.Tanh())),
                    ('noParent', lambda: a.set_submodule('nope.x', nn.Tanh()))]:
        try:
            f()
        except (AttributeError, ValueError) as e:
            errs[name] = str(e)
    out['setErrors'] = errs
    bn = nn.BatchNorm1d(2).type(torch.float64)
    out['typeDtypes'] = [str(t.dtype).replace('torch.', '') for t in bn.state_dict().values()]
    bn2 = nn.BatchNorm1d(2).bfloat16()
    out['bf16Dtypes'] = [str(t.dtype).replace('torch.', '') for t in bn2.state_dict().values()]
    e = nn.Sequential(nn.Linear(2, 3, device='meta'), nn.Linear(3, 1, device='meta'))
    e[1].to_empty(device='cpu', recurse=False)
    out['toEmpty'] = [str(p.device) for p in e.parameters()]
    return out


def accelerators():
    """Module.xpu/mtia/ipu on a CPU-only build: PyTorch's errors, or the module back when it holds no tensors."""
    out = {}
    for d in ['xpu', 'mtia', 'ipu']:
        try:
            getattr(torch.nn.Linear(1, 1), d)()
        except (AssertionError, RuntimeError) as e:
            out[d] = str(e)
    return out


def non_full_backward_hook():
    """register_backward_hook: a post-hook on the node of the output (Linear's addmm), and the mixing error."""
    import warnings
    warnings.simplefilter('ignore')
    nn = torch.nn
    torch.manual_seed(3)
    m = nn.Linear(3, 2)
    x = torch.randn(4, 3, requires_grad=True)
    log = []
    def hook(mod, gi, go):
        log.append([[None if g is None else list(g.shape) for g in gi], [None if g is None else g.tolist() for g in go]])
        return tuple(None if g is None else g * 2 for g in gi)
    m.register_backward_hook(hook)
    m(x).pow(2).sum().backward()
    out = {'log': log, 'xGrad': x.grad.tolist(), 'bGrad': m.bias.grad.tolist()}
    try:
        m.register_full_backward_hook(lambda *a: None)
    except RuntimeError as e:
        out['mix'] = str(e)
    return out
