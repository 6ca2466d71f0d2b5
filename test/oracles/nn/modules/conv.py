"""Oracle of test/nn/modules/conv.test.ts."""
import torch


def results():
    """The same seeded calls in Python and here: inputs, layers (default init) and outputs."""
    nn = torch.nn
    o = {}
    torch.manual_seed(1)
    x = torch.randn(4, 3, 8, 8)
    conv = nn.Conv2d(3, 5, 3, padding=1); y = conv(x); o['conv'] = y.tolist()
    y.sum().backward(); o['convGrad'] = conv.weight.grad.tolist(); o['convBiasGrad'] = conv.bias.grad.tolist()
    o['convStride'] = nn.Conv2d(3, 4, 3, stride=2, bias=False)(x).tolist()
    o['convSame'] = nn.Conv2d(3, 2, (3, 5), padding='same', dilation=2)(x).tolist()
    o['convReflect'] = nn.Conv2d(3, 2, 3, padding=2, padding_mode='reflect')(x).tolist()
    o['convGroups'] = nn.Conv2d(3, 6, 1, groups=3)(x).tolist()
    x1 = torch.randn(2, 4, 10)
    o['conv1d'] = nn.Conv1d(4, 3, 3, stride=2)(x1).tolist()
    torch.manual_seed(11)
    x = torch.randn(2, 4, 5, 5)
    ct = nn.ConvTranspose2d(4, 3, 3, stride=2, padding=1, output_padding=1)
    ct2 = nn.ConvTranspose2d(4, 2, (2, 3), stride=(2, 1), groups=2, bias=False, dilation=(1, 2))
    t = {'ctW': ct.weight.tolist(), 'ctB': ct.bias.tolist(), 'ct': ct(x).tolist(), 'ct2': ct2(x).tolist()}
    return {'conv': o, 'transposed': t, 'ctSize': list(ct(x, output_size=[9, 9]).shape), 'repr': [repr(ct), repr(ct2)]}


def cases(table):
    """The table of test/nn/modules/conv.test.ts (see module_cases.py)."""
    from oracles.nn.module_cases import run_cases
    return run_cases(table)


def errors():
    """PyTorch's messages for bad constructor arguments and output sizes."""
    nn = torch.nn
    out = {}
    def catch(key, fn):
        try:
            fn()
            out[key] = None
        except Exception as e:  # noqa: BLE001 - the message is the result
            out[key] = str(e)
    catch('transposeMode', lambda: nn.ConvTranspose1d(2, 2, 3, padding_mode='reflect'))
    catch('outputSize', lambda: nn.ConvTranspose3d(2, 2, 3, stride=2)(torch.randn(1, 2, 3, 3, 3), output_size=[9, 9, 9]))
    catch('outputSizeLen', lambda: nn.ConvTranspose1d(2, 2, 3, stride=2)(torch.randn(1, 2, 3), output_size=[7, 7]))
    return out
