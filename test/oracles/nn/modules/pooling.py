"""Oracle of test/nn/modules/pooling.test.ts."""
import torch


def results():
    """Pooling layers on seeded inputs."""
    nn = torch.nn
    torch.manual_seed(1)
    x = torch.randn(4, 3, 8, 8)
    p2 = {
      'maxpool': nn.MaxPool2d(3, 2, 1)(x).tolist(),
      'avgpool': nn.AvgPool2d(2)(x).tolist(),
      'avgpoolCeil': nn.AvgPool2d(3, stride=2, ceil_mode=True, count_include_pad=False)(x).tolist(),
      'adapool': nn.AdaptiveAvgPool2d((3, None))(x).tolist(),
    }
    torch.manual_seed(11)
    x1 = torch.randn(2, 3, 11)
    mp = nn.MaxPool1d(3, 2, 1)
    ap = nn.AvgPool1d(3, stride=2, ceil_mode=True, count_include_pad=False)
    p1 = {'mp': mp(x1).tolist(), 'ap': ap(x1).tolist()}
    torch.manual_seed(12)
    x = torch.randn(2, 3, 7, 5)
    amp = nn.AdaptiveMaxPool2d((2, None))
    out, idx = nn.functional.adaptive_max_pool2d(x, 3, return_indices=True)
    ad = {'amp': amp(x).tolist(), 'ampIdx': idx.tolist()}
    return {'p2': p2, 'p1': p1, 'p1repr': [repr(mp), repr(ap)], 'ad': ad, 'adrepr': repr(amp)}
