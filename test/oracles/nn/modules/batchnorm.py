"""Oracle of test/nn/modules/batchnorm.test.ts."""
import torch


def results():
    """BatchNorm on seeded inputs (training and eval, running statistics)."""
    nn = torch.nn
    o = {}
    torch.manual_seed(1)
    x = torch.randn(4, 3, 8, 8)
    bn2 = nn.BatchNorm2d(3)
    o['bnTrain'] = bn2(x).tolist(); o['bnMean'] = bn2.running_mean.tolist(); o['bnVar'] = bn2.running_var.tolist()
    bn2.eval(); o['bnEval'] = bn2(x).tolist()
    bn1 = nn.BatchNorm1d(6, momentum=None)
    z = torch.randn(5, 6)
    bn1(z); bn1(z * 2); o['bnCumMean'] = bn1.running_mean.tolist(); o['bnCumVar'] = bn1.running_var.tolist()
    bn3 = nn.BatchNorm1d(4, affine=False, track_running_stats=False)
    z3 = torch.randn(3, 4, 5); bn3.eval(); o['bnNoStats'] = bn3(z3).tolist()
    return o
