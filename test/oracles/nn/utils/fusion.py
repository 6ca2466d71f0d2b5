"""Oracle of test/nn/utils/fusion.test.ts."""
import torch
from torch.nn.utils import fusion

from oracles.nn.function_cases import catch


def _bn(n, cls, seed):
    """A batch norm with seeded, non-trivial statistics and affine parameters, in eval mode."""
    torch.manual_seed(seed)
    bn = cls(n)
    with torch.no_grad():
        bn.running_mean.copy_(torch.randn(n))
        bn.running_var.copy_(torch.rand(n) + 0.5)
        bn.weight.copy_(torch.randn(n))
        bn.bias.copy_(torch.randn(n))
    return bn.eval()


def results():
    """Fused layers: their parameters, their output against the unfused pair, their reprs."""
    nn = torch.nn
    out = {}
    torch.manual_seed(0)
    conv = nn.Conv2d(3, 4, 3).eval()
    bn = _bn(4, nn.BatchNorm2d, 1)
    x = torch.randn(2, 3, 6, 6)
    f = fusion.fuse_conv_bn_eval(conv, bn)
    out['conv'] = {'weight': f.weight.tolist(), 'bias': f.bias.tolist(), 'y': f(x).tolist(), 'ref': bn(conv(x)).tolist(),
                   'repr': repr(f), 'grad': f.weight.requires_grad, 'keys': list(f.state_dict().keys())}
    torch.manual_seed(2)
    convt = nn.ConvTranspose2d(3, 5, 2, bias=False).eval()
    bnt = _bn(5, nn.BatchNorm2d, 3)
    xt = torch.randn(1, 3, 4, 4)
    ft = fusion.fuse_conv_bn_eval(convt, bnt, transpose=True)
    out['convT'] = {'weight': ft.weight.tolist(), 'bias': ft.bias.tolist(), 'y': ft(xt).tolist(), 'keys': list(ft.state_dict().keys())}
    torch.manual_seed(4)
    fc = nn.Linear(5, 3).eval()
    bn1 = _bn(3, nn.BatchNorm1d, 5)
    x1 = torch.randn(4, 5)
    fl = fusion.fuse_linear_bn_eval(fc, bn1)
    out['linear'] = {'weight': fl.weight.tolist(), 'bias': fl.bias.tolist(), 'y': fl(x1).tolist(), 'ref': bn1(fc(x1)).tolist()}
    w, b = fusion.fuse_conv_bn_weights(conv.weight, None, bn.running_mean, bn.running_var, 1e-3, None, None)
    out['weights'] = {'w': w.tolist(), 'b': b.tolist(), 'wGrad': w.requires_grad, 'bGrad': b.requires_grad}
    lw, lb = fusion.fuse_linear_bn_weights(fc.weight, fc.bias, bn1.running_mean, bn1.running_var, bn1.eps, bn1.weight, bn1.bias)
    out['linearWeights'] = {'w': lw.tolist(), 'b': lb.tolist()}
    out['errors'] = [
        catch(lambda: fusion.fuse_conv_bn_eval(nn.Conv2d(1, 2, 1), bn)),
        catch(lambda: fusion.fuse_linear_bn_eval(fc, _bn(4, nn.BatchNorm1d, 0))),
    ]
    return out
