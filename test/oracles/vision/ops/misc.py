"""Oracle of test/vision/ops/misc.test.ts: torchvision.ops.misc blocks and stochastic_depth.

Each case builds a module after torch.manual_seed(0), draws its input after manual_seed(1) and
runs it (train mode unless the case says eval) after manual_seed(2), so dropout and stochastic
depth draw from a known state. Cases are keyed by the names the test uses.
"""
import hashlib

import torch
from torch import nn

from oracles.vision._torchvision import ops
from torchvision.ops import misc


def _frozen():
    m = misc.FrozenBatchNorm2d(4)
    bn = nn.BatchNorm2d(4)
    with torch.no_grad():
        bn.weight.uniform_(0.5, 1.5)
        bn.bias.uniform_(-1, 1)
        bn.running_mean.uniform_(-1, 1)
        bn.running_var.uniform_(0.5, 2)
    m.load_state_dict(bn.state_dict())
    return m


CASES = {
    'conv2d_default': (lambda: misc.Conv2dNormActivation(3, 8), [2, 3, 5, 5], True),
    'conv2d_tuple': (lambda: misc.Conv2dNormActivation(3, 8, kernel_size=(3, 5), stride=2, dilation=(1, 2),
                                                       activation_layer=nn.Hardswish, bias=True), [2, 3, 9, 9], True),
    'conv2d_bare': (lambda: misc.Conv2dNormActivation(4, 4, 3, groups=2, norm_layer=None, activation_layer=None), [1, 4, 6, 6], True),
    'conv2d_inplace_none': (lambda: misc.Conv2dNormActivation(3, 4, 1, activation_layer=nn.GELU, inplace=None), [1, 3, 4, 4], True),
    'conv3d': (lambda: misc.Conv3dNormActivation(2, 4, kernel_size=3), [1, 2, 4, 5, 5], True),
    'se': (lambda: misc.SqueezeExcitation(8, 2), [2, 8, 3, 3], True),
    'se_acts': (lambda: misc.SqueezeExcitation(8, 3, activation=nn.SiLU, scale_activation=nn.Hardsigmoid), [2, 8, 3, 3], True),
    'mlp': (lambda: misc.MLP(6, [12, 4]), [3, 6], True),
    'mlp_norm_dropout': (lambda: misc.MLP(6, [12, 10, 4], norm_layer=nn.LayerNorm, activation_layer=nn.GELU, dropout=0.5), [5, 6], True),
    'mlp_eval': (lambda: misc.MLP(6, [12, 4], dropout=0.5, bias=False), [3, 6], False),
    'permute': (lambda: misc.Permute([0, 2, 3, 1]), [2, 3, 4, 5], True),
    'frozen_bn': (_frozen, [2, 4, 3, 3], True),
    'sd_row': (lambda: ops.StochasticDepth(0.5, 'row'), [8, 3, 2], True),
    'sd_batch': (lambda: ops.StochasticDepth(0.3, 'batch'), [4, 3], True),
    'sd_p1': (lambda: ops.StochasticDepth(1.0, 'row'), [4, 3], True),
    'sd_eval': (lambda: ops.StochasticDepth(0.5, 'row'), [4, 3], False),
}


def _digest(t):
    return hashlib.sha1(t.detach().contiguous().numpy().tobytes()).hexdigest()


def run(names):
    """For each case: state dict [key, shape, sha1], the output's shape and values, and repr."""
    out = {}
    for name in names:
        make, shape, train = CASES[name]
        torch.manual_seed(0)
        m = make()
        m.train(train)
        torch.manual_seed(1)
        x = torch.randn(*shape)
        torch.manual_seed(2)
        with torch.no_grad():
            y = m(x)
        out[name] = {
            'state': [[k, list(v.shape), _digest(v)] for k, v in m.state_dict().items()],
            'shape': list(y.shape),
            'y': y.flatten().tolist(),
        }
    return out


def names():
    return list(CASES)


def functional_draws():
    """stochastic_depth called as a function: the same seed, several calls in a row."""
    torch.manual_seed(3)
    x = torch.randn(6, 2)
    torch.manual_seed(4)
    a = ops.stochastic_depth(x, 0.4, 'row')
    b = ops.stochastic_depth(x, 0.4, 'batch')
    c = ops.stochastic_depth(x, 0.4, 'row', training=False)
    return [a.tolist(), b.tolist(), torch.equal(c, x)]


def errors():
    msgs = []
    for p, mode in [(1.5, 'row'), (-0.1, 'row'), (0.5, 'col')]:
        try:
            ops.stochastic_depth(torch.ones(2), p, mode)
        except ValueError as e:
            msgs.append(str(e))
    return msgs
