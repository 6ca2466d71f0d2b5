"""Oracle of test/generator.test.ts."""
import torch


def default_generator():
    """default generator parity with torch.manual_seed"""
    import torch.nn.functional as F
    out = {}
    torch.manual_seed(0)
    out['rand'] = torch.rand(3).tolist()
    out['randn'] = torch.randn(2, 3).tolist()
    out['randn_big'] = torch.randn(40).tolist()
    out['rand_big'] = torch.rand(2, 50).tolist()
    out['randint'] = torch.randint(0, 10, (5,)).tolist()
    out['randint_high'] = torch.randint(100, (2, 3)).tolist()
    out['randperm'] = torch.randperm(10).tolist()
    out['randperm_big'] = torch.randperm(100).tolist()
    out['normal_'] = torch.empty(4).normal_().tolist()
    out['normal_args'] = torch.empty(3).normal_(2., 0.5).tolist()
    out['uniform_'] = torch.empty(4).uniform_(-1, 1).tolist()
    out['bernoulli'] = torch.bernoulli(torch.full((20,), 0.5)).tolist()
    out['bernoulli_p'] = torch.empty(10).bernoulli_(0.3).tolist()
    out['dropout'] = torch.dropout(torch.ones(16), 0.5, True).tolist()
    out['F.dropout'] = F.dropout(torch.ones(4, 4), p=0.3).tolist()
    out['dropout_eval'] = torch.dropout(torch.ones(4), 0.5, False).tolist()
    out['randn_f64'] = torch.randn(3, dtype=torch.float64).tolist()
    out['normal_fn'] = torch.normal(0., 1., (3,)).tolist()
    out['normal_tensor'] = torch.normal(torch.zeros(3), torch.ones(3)).tolist()
    out['rand_like'] = torch.rand_like(torch.zeros(2)).tolist()
    out['randn_like'] = torch.randn_like(torch.zeros(2)).tolist()
    out['multinomial'] = torch.multinomial(torch.tensor([0.1, 0.2, 0.7]), 4, replacement=True).tolist()
    out['exponential_'] = torch.empty(3).exponential_().tolist()
    torch.manual_seed(1234)
    out['after_reseed'] = torch.rand(2).tolist()
    return out


def large_draws():
    """large draws (DataLoader-sized randperm, vectorised paths) match Python"""
    torch.manual_seed(3)
    g = torch.Generator().manual_seed(9)
    p = torch.randperm(60000, generator=g)
    out = {'perm_head': p[:20].tolist(), 'perm_sig': [int((p[:30000] * torch.arange(30000)).sum()), int(p[30000:].sum())]}
    u = torch.empty(10000).uniform_()
    out['uniform'] = [float(u.sum()), float(u[-5:].sum())] + u[:5].tolist()
    n = torch.randn(1000, 3, dtype=torch.float64)
    out['normal'] = [float(n.sum()), float((n * n).sum())] + n[-1].tolist()
    r = torch.randint(-2**40, 2**40, (4,))
    out['randint_big'] = [float(v) for v in r.tolist()]
    return out


def explicit_generator():
    """torch.Generator"""
    out = {}
    torch.manual_seed(7)
    g = torch.Generator().manual_seed(42)
    out['rand'] = torch.rand(3, generator=g).tolist()
    out['default1'] = torch.rand(2).tolist()
    out['randn'] = torch.randn(2, 2, generator=g).tolist()
    out['randint'] = torch.randint(0, 5, (4,), generator=g).tolist()
    out['randperm'] = torch.randperm(6, generator=g).tolist()
    out['normal_'] = torch.empty(3).normal_(generator=g).tolist()
    out['uniform_'] = torch.empty(3).uniform_(0, 2, generator=g).tolist()
    out['bernoulli'] = torch.bernoulli(torch.full((8,), 0.5), generator=g).tolist()
    out['default2'] = torch.rand(2).tolist()
    out['initial_seed'] = g.initial_seed()
    s = g.get_state()
    out['state_len'] = s.numel()
    out['state_dtype'] = str(s.dtype)
    out['after_state'] = torch.rand(3, generator=g).tolist()
    h = torch.Generator()
    out['fresh_seed'] = h.initial_seed()
    out['fresh'] = torch.rand(2, generator=h).tolist()
    return out


def state_round_trip():
    """a state from Python restores Python's stream"""
    g = torch.Generator().manual_seed(11)
    torch.rand(7, generator=g)
    s = g.get_state()
    return {'state': s.tolist(), 'next': torch.rand(3, generator=g).tolist()}
