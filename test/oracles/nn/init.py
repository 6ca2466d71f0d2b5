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


def extra():
    """dirac_, orthogonal_, sparse_, trunc_normal_ both branches, keywords and generators."""
    init = torch.nn.init
    out = {}
    out['dirac3'] = init.dirac_(torch.empty(4, 3, 3)).tolist()
    out['dirac4g'] = init.dirac_(torch.empty(6, 2, 3, 3), 3).tolist()
    out['dirac5'] = init.dirac_(torch.empty(2, 3, 1, 3, 2)).tolist()
    torch.manual_seed(3)
    out['orth35'] = init.orthogonal_(torch.empty(3, 5)).tolist()
    out['orth53'] = init.orthogonal_(torch.empty(5, 3), gain=2.0).tolist()
    out['orth4d'] = init.orthogonal_(torch.empty(2, 3, 2, 2)).reshape(2, -1).tolist()
    out['sparse'] = init.sparse_(torch.empty(6, 4), 0.5, std=0.1).tolist()
    out['truncWide'] = init.trunc_normal_(torch.empty(8), mean=0.5, std=2.0, a=-1.0, b=3.0).tolist()
    out['truncNarrow'] = init.trunc_normal_(torch.empty(8), std=1.0, a=1.0, b=1.5).tolist()
    out['after'] = torch.rand(2).tolist()
    g = torch.Generator().manual_seed(7)
    gen = [
        init.uniform_(torch.empty(3), -1, 1, generator=g).tolist(),
        init.normal_(torch.empty(3), std=2.0, generator=g).tolist(),
        init.trunc_normal_(torch.empty(3), generator=g).tolist(),
        init.xavier_uniform_(torch.empty(2, 3), generator=g).tolist(),
        init.xavier_normal_(torch.empty(2, 3), gain=0.5, generator=g).tolist(),
        init.kaiming_uniform_(torch.empty(2, 3), generator=g).tolist(),
        init.kaiming_normal_(torch.empty(2, 3), 0.2, 'fan_out', generator=g).tolist(),
        init.orthogonal_(torch.empty(2, 3), generator=g).tolist(),
        init.sparse_(torch.empty(3, 2), 0.3, generator=g).tolist(),
    ]
    out['gen'] = gen
    out['afterGen'] = torch.rand(2).tolist()  # global stream moved only by sparse_'s randperm
    errors = {}
    for name, f in [
        ('dirac2', lambda: init.dirac_(torch.empty(3, 3))),
        ('diracGroups', lambda: init.dirac_(torch.empty(5, 3, 3), 2)),
        ('orth1', lambda: init.orthogonal_(torch.empty(3))),
        ('sparse3', lambda: init.sparse_(torch.empty(3, 3, 3), 0.1)),
    ]:
        try:
            f()
        except ValueError as e:
            errors[name] = str(e)
    out['errors'] = errors
    return out
