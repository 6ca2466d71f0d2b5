"""Oracle of test/nn/init.test.ts."""
import torch


def results():
    """Default initialisation for the same seed, and nn.init's functions."""
    torch.manual_seed(0)
    nn = torch.nn
    l = nn.Linear(5, 3)
    l2 = nn.Linear(4, 2, bias=False)
    c = nn.Conv2d(2, 4, 3)
    c1 = nn.Conv1d(3, 2, 2, groups=1)
    bn = nn.BatchNorm1d(4)
    e = nn.Embedding(6, 3, padding_idx=1)
    p = nn.PReLU(3)
    after = torch.rand(3).tolist()
    w = torch.empty(3, 5)
    xu = nn.init.xavier_uniform_(torch.empty(3, 5), gain=2.0).tolist()
    xn = nn.init.xavier_normal_(torch.empty(3, 5)).tolist()
    ku = nn.init.kaiming_uniform_(torch.empty(3, 5), a=0.1).tolist()
    kn = nn.init.kaiming_normal_(torch.empty(3, 5), mode='fan_out', nonlinearity='relu').tolist()
    kf = nn.init.kaiming_uniform_(torch.empty(4, 2, 3, 3), mode='fan_out').reshape(4, -1).tolist()
    u = nn.init.uniform_(torch.empty(4), -2, 3).tolist()
    n = nn.init.normal_(torch.empty(4), 1, 0.5).tolist()
    t = nn.init.trunc_normal_(torch.empty(6), 0, 1, -0.5, 0.5).tolist()
    g = [nn.init.calculate_gain(k) for k in ['linear', 'conv2d', 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'selu']] + [nn.init.calculate_gain('leaky_relu', 0.2)]
    fan = list(nn.init._calculate_fan_in_and_fan_out(torch.empty(4, 2, 3, 5)))
    return {
      'linear': {'weight': l.weight.tolist(), 'bias': l.bias.tolist()},
      'linearNoBias': l2.weight.tolist(),
      'conv': {'weight': c.weight.tolist(), 'bias': c.bias.tolist()},
      'conv1d': {'weight': c1.weight.tolist(), 'bias': c1.bias.tolist()},
      'bn': {k: v.tolist() for k, v in bn.state_dict().items()},
      'emb': e.weight.tolist(), 'prelu': p.weight.tolist(), 'after': after,
      'xavierU': xu, 'xavierN': xn, 'kaimingU': ku, 'kaimingN': kn, 'kaimingFanOut': kf,
      'uniform': u, 'normal': n, 'trunc': t, 'gains': g, 'fan': fan,
    }
