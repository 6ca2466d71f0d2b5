"""Oracles of test/amp/autocast.test.ts: CPU autocast's op dtypes, scopes, weight cache, and the
article's SiLU classifier trained under it."""
import os
import sys
import warnings

import torch
import torch.nn.functional as F

_examples = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'examples')
if _examples not in sys.path:
    sys.path.append(_examples)
from article_models import ClassifierSiLU  # noqa: E402


def training(steps):
    """ClassifierSiLU trained `steps` Adam steps with forward and loss under CPU autocast (bfloat16)."""
    torch.manual_seed(0)
    model = ClassifierSiLU()
    criterion = torch.nn.NLLLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.003)
    losses = []
    dtypes = None
    for _ in range(steps):
        images = torch.rand(32, 1, 28, 28)
        labels = torch.randint(0, 10, (32,))
        with torch.autocast(device_type='cpu', dtype=torch.bfloat16):
            out = model(images.view(32, -1))
            loss = criterion(out, labels)
        dtypes = [str(out.dtype), str(loss.dtype)]
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return {'losses': losses, 'dtypes': dtypes, 'fc1_grad_dtype': str(model.fc1.weight.grad.dtype),
            'fc4_bias': model.fc4.bias.tolist()}


def _inputs():
    torch.manual_seed(0)
    return {
        'a': torch.randn(4, 4), 'b': torch.randn(4, 4), 'h': torch.randn(4, 4).bfloat16(),
        'x3': torch.randn(2, 4, 4), 'y3': torch.randn(2, 4, 4),
        'w': torch.randn(3, 4), 'bias': torch.randn(3),
        'img': torch.randn(1, 2, 5, 5), 'k2': torch.randn(3, 2, 3, 3), 'seq': torch.randn(1, 2, 7), 'k1': torch.randn(3, 2, 3),
        'p': torch.rand(4, 4), 't': torch.randint(0, 4, (4,)), 'd': torch.randn(4, 4, dtype=torch.float64),
    }


def op_dtypes():
    """The dtype of each case's result under CPU autocast (inputs float32 unless named otherwise)."""
    i = _inputs()
    a, b, h = i['a'], i['b'], i['h']
    cases = {
        'mm': lambda: torch.mm(a, b),
        'matmul': lambda: torch.matmul(a, b),
        'bmm': lambda: torch.bmm(i['x3'], i['y3']),
        'addmm': lambda: torch.addmm(a, a, b),
        'baddbmm': lambda: torch.baddbmm(i['x3'], i['x3'], i['y3']),
        'linear': lambda: F.linear(a, i['w'], i['bias']),
        'conv1d': lambda: F.conv1d(i['seq'], i['k1']),
        'conv2d': lambda: F.conv2d(i['img'], i['k2']),
        'mm_float64': lambda: torch.mm(i['d'], i['d']),
        'mse_loss': lambda: F.mse_loss(h, h),
        'l1_loss': lambda: F.l1_loss(h, h),
        'nll_loss': lambda: F.nll_loss(h, i['t']),
        'cross_entropy': lambda: F.cross_entropy(h, i['t']),
        'bce_with_logits': lambda: F.binary_cross_entropy_with_logits(h, i['p'].bfloat16()),
        'prod': lambda: torch.prod(h),
        'cdist': lambda: torch.cdist(h, h),
        'kl_div': lambda: F.kl_div(h, h, reduction='batchmean'),
        'inverse': lambda: torch.inverse(h.float().add(torch.eye(4) * 4).bfloat16()),
        'cat': lambda: torch.cat([h, a]),
        'stack': lambda: torch.stack([h, a]),
        'add': lambda: torch.add(h, a),
        'relu_bf16': lambda: torch.relu(h),
        'exp_f32': lambda: torch.exp(a),
        'softmax_bf16': lambda: torch.softmax(h, 0),
        'sum_bf16': lambda: torch.sum(h),
    }
    def dtype(f):
        try:
            return str(f().dtype).replace('torch.', '')
        except Exception:  # noqa: BLE001
            return 'error'  # the op has no bfloat16 kernel: only autocast's float32 cast makes it run
    with torch.autocast('cpu'):
        inside = {k: dtype(f) for k, f in cases.items()}
    outside = {k: dtype(f) for k, f in cases.items()}
    with torch.autocast('cpu'):
        mm_values = torch.mm(a, b).float().tolist()
        conv_values = F.conv2d(i['img'], i['k2']).float().flatten().tolist()
    return {'inside': inside, 'outside': outside, 'mm_values': mm_values, 'conv_values': conv_values}


def scopes():
    """The state functions through nested scopes, enabled=False, dtype float16, and the warnings."""
    out = {}
    a = torch.randn(2, 2)
    out['defaults'] = [str(torch.get_autocast_dtype('cpu')), str(torch.get_autocast_dtype('cuda')),
                       torch.is_autocast_cache_enabled(), torch.is_autocast_enabled('cpu'), torch.is_autocast_enabled()]
    with torch.autocast('cpu'):
        outer = [torch.is_autocast_enabled('cpu'), str(torch.mm(a, a).dtype)]
        with torch.autocast('cpu', enabled=False):
            off = [torch.is_autocast_enabled('cpu'), str(torch.mm(a, a).dtype)]
            with torch.autocast('cpu', dtype=torch.float16):
                half = [torch.is_autocast_enabled('cpu'), str(torch.get_autocast_dtype('cpu')), str(torch.mm(a, a).dtype)]
            back_off = [torch.is_autocast_enabled('cpu'), str(torch.get_autocast_dtype('cpu'))]
        back_on = [torch.is_autocast_enabled('cpu'), str(torch.mm(a, a).dtype)]
    after = [torch.is_autocast_enabled('cpu'), str(torch.mm(a, a).dtype)]
    out['nested'] = {'outer': outer, 'off': off, 'half': half, 'back_off': back_off, 'back_on': back_on, 'after': after}
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('always')
        with torch.autocast('cpu', dtype=torch.float32):
            f32 = torch.is_autocast_enabled('cpu')
        with torch.autocast('cuda'):
            cu = torch.is_autocast_enabled('cuda')
    out['warnings'] = {'f32_enabled': f32, 'cuda_enabled': cu, 'messages': [str(x.message) for x in w]}
    errors = {}
    for name, f in {'meta': lambda: torch.autocast('meta'), 'foo': lambda: torch.autocast('foo')}.items():
        try:
            f()
        except Exception as e:  # noqa: BLE001
            errors[name] = str(e)
    out['errors'] = errors
    return out


def cache():
    """The weight cache: a leaf weight changed in place inside one scope is still read from its cached
    bfloat16 copy, not with cache_enabled=False, and a fresh scope casts again."""
    torch.manual_seed(0)
    w = torch.randn(4, 4, requires_grad=True)
    x = torch.randn(4, 4)
    res = {}
    for cache_enabled in (True, False):
        with torch.no_grad():
            w.copy_(torch.arange(16.).view(4, 4) / 7)
        with torch.autocast('cpu', cache_enabled=cache_enabled):
            y1 = torch.mm(w, x)
            with torch.no_grad():
                w.add_(1)
            with torch.autocast('cpu'):
                y2 = torch.mm(w, x)  # an inner scope's exit does not clear the cache
            y3 = torch.mm(w, x)
        with torch.autocast('cpu', cache_enabled=cache_enabled):
            y4 = torch.mm(w, x)
        res[str(cache_enabled)] = [y1.float().tolist(), y2.float().tolist(), y3.float().tolist(), y4.float().tolist()]
    return res


class _Probe(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x * 2

    @staticmethod
    def backward(ctx, g):
        _Probe.seen.append(torch.is_autocast_enabled('cpu'))
        return g * 2


def backward_state():
    """Whether a custom Function's backward runs under autocast: backward called after the scope, then inside it."""
    _Probe.seen = []
    x = torch.randn(3, requires_grad=True)
    with torch.autocast('cpu'):
        y = _Probe.apply(x).sum()
    y.backward()
    with torch.autocast('cpu'):
        y = _Probe.apply(x).sum()
        y.backward()
    return _Probe.seen


def custom_fwd_bwd():
    """custom_fwd with cast_inputs=float32 under autocast, and custom_bwd seeing forward's state."""
    seen = {}

    class MyMm(torch.autograd.Function):
        @staticmethod
        @torch.amp.custom_fwd(device_type='cpu', cast_inputs=torch.float32)
        def forward(ctx, a, b):
            seen['fwd'] = [torch.is_autocast_enabled('cpu'), str(a.dtype)]
            ctx.save_for_backward(a, b)
            return a.mm(b)

        @staticmethod
        @torch.amp.custom_bwd(device_type='cpu')
        def backward(ctx, g):
            seen['bwd'] = torch.is_autocast_enabled('cpu')
            a, b = ctx.saved_tensors
            return g.mm(b.t()), a.t().mm(g)

    class Plain(torch.autograd.Function):
        @staticmethod
        @torch.amp.custom_fwd(device_type='cpu')
        def forward(ctx, a):
            seen['plain_fwd'] = torch.is_autocast_enabled('cpu')
            return a * 2

        @staticmethod
        @torch.amp.custom_bwd(device_type='cpu')
        def backward(ctx, g):
            seen['plain_bwd'] = [torch.is_autocast_enabled('cpu'), str(torch.get_autocast_dtype('cpu'))]
            return g * 2

    a = torch.randn(3, 3, requires_grad=True)
    b = torch.randn(3, 3).bfloat16().requires_grad_()
    with torch.autocast('cpu'):
        y = MyMm.apply(a, b)
        z = Plain.apply(a)
    seen['out'] = str(y.dtype)
    y.float().sum().backward()
    z.sum().backward()
    return seen
